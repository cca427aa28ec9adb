import { isIP, isIPv6 } from 'node:net';
import { z } from 'zod';

/**
 * An address Node can listen on, or a DNS name. A name whose last label is a
 * number (`999.1.1.1`, `1.2.3`) is a mistyped address, not a name.
 */
const host = z
  .string()
  .refine((h) => isIP(h) !== 0 || (z.hostname().safeParse(h).success && !/(^|\.)\d+\.?$/.test(h)), {
    message: 'must be an IP address or a host name, e.g. 127.0.0.1, 0.0.0.0, ::1 or localhost',
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: host.default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('./data/bangkom.sqlite'),
  PUBLIC_BASE_URL: z.url().optional(),
  SEED_DEMO: z.stringbool().default(true),
  BOOTSTRAP_ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  GRAPHQL_INTROSPECTION: z.stringbool().default(true),
  GRAPHQL_JIT: z.stringbool().default(true),
  SIGNING_KEY: z.string().optional(),
  RATE_LIMIT_COST_PER_MINUTE: z.coerce.number().int().positive().default(200_000),
});

export type Config = z.infer<typeof schema> & { publicBaseUrl: string; databasePath: string };

export class ConfigError extends Error {}

/** Reads the environment once at start; a bad value stops the process with a readable message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  const c = parsed.data;
  return {
    ...c,
    databasePath: databasePath(c.DATABASE_URL),
    publicBaseUrl: (c.PUBLIC_BASE_URL ?? `http://${urlHost(c.HOST)}:${c.PORT}`).replace(/\/+$/, ''),
  };
}

/** The host part of the default base URL: a wildcard address means this machine; IPv6 goes in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return isIPv6(host) ? `[${host}]` : host;
}

/** Accepts a plain path, a `file:` URL or `:memory:`. */
export function databasePath(url: string): string {
  if (url === ':memory:' || url === 'file::memory:') return ':memory:';
  if (url.startsWith('file://')) return new URL(url).pathname;
  if (url.startsWith('file:')) return url.slice('file:'.length);
  return url;
}
