import { databaseEngine, databasePath, type Engine } from './db/engine';
import { isIP, isIPv6 } from 'node:net';
import { availableParallelism } from 'node:os';
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

/** Rendered certificate PDFs kept in memory (tens of KB each). */
export const DEFAULT_PDF_CACHE_MB = 64;

/** proxy-addr's named ranges, which Fastify's `trustProxy` accepts beside addresses and CIDRs. */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

/**
 * `false`, or the proxies' addresses / CIDRs. Never `true`: trusting every hop
 * lets any client pick the address it is limited by. No hop count either:
 * Fastify 5 refuses to trust any hop for a count, since it cannot check the peer.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): false | string[] => {
    if (value === 'false') return false;
    const entries = value.split(',').map((e) => e.trim());
    if (entries.every(isProxyAddress)) return entries;
    ctx.addIssue({
      code: 'custom',
      message: 'must be false or the proxies\' addresses/CIDRs, comma-separated (e.g. "10.0.0.0/8,loopback"); "true" would let any client choose its address',
    });
    return z.NEVER;
  })
  .default(false);

/** 32 bytes as base64 (44 characters) or 64 hex digits: the AES-256-GCM key of webhook secrets at rest. */
const webhookKey = z
  .string()
  .trim()
  .refine((v) => /^[0-9a-fA-F]{64}$/.test(v) || (/^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, 'base64').length === 32), {
    message: 'must be 32 bytes as base64 or 64 hex digits, e.g. the output of: openssl rand -base64 32',
  });

/** Server processes: a whole number, or `auto` for one per core Node may use (`os.availableParallelism()`). */
const webConcurrency = z
  .string()
  .trim()
  .default('1')
  .transform((value, ctx) => {
    if (value === 'auto') return Math.min(availableParallelism(), 64);
    if (/^\d{1,2}$/.test(value) && Number(value) >= 1 && Number(value) <= 64) return Number(value);
    ctx.addIssue({ code: 'custom', message: 'must be a whole number of server processes from 1 to 64, or auto (one per core)' });
    return z.NEVER;
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
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  PDF_CACHE_MB: z.coerce.number().int().positive().default(DEFAULT_PDF_CACHE_MB),
  TRUST_PROXY: trustProxy,
  BACKUP_DIR: z.string().min(1).optional(),
  // At most 14 days: Node timers hold about 24.8 days.
  BACKUP_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(20_160).default(1440),
  BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  OIDC_ALLOW_HTTP_ISSUERS: z.stringbool().default(false),
  WEBHOOK_SECRET_KEY: webhookKey.optional(),
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.stringbool().default(false),
  // One worker beside the event loop: two busy threads per process, the cores of this 2-core target (see README).
  READ_WORKERS: z.coerce.number().int().min(0).max(64).default(1),
  READ_QUEUE: z.coerce.number().int().min(1).max(10_000).default(64),
  WEB_CONCURRENCY: webConcurrency,
  /**
   * App nodes behind the load balancer: each enforces its share of the
   * per-minute limits, so together they allow what one would (a balancer
   * spreads a client's requests over the nodes).
   */
  RATE_LIMIT_NODES: z.coerce.number().int().min(1).max(1000).default(1),
  /** Connections each process keeps to a PostgreSQL server. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** A PostgreSQL streaming replica for reads that may lag a little (the catalogue, the verify page). */
  DATABASE_REPLICA_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
});

export type Config = z.infer<typeof schema> & { publicBaseUrl: string; databasePath: string; databaseEngine: Engine };

export class ConfigError extends Error {}

/** Reads the environment once at start; a bad value stops the process with a readable message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${z.prettifyError(parsed.error)}`);
  }
  const c = parsed.data;
  const path = databasePath(c.DATABASE_URL);
  const engine = databaseEngine(c.DATABASE_URL);
  const problems = [
    engine === 'postgres' && !c.SIGNING_KEY && 'SIGNING_KEY is required with PostgreSQL: every node must sign with the same key',
    engine === 'postgres' && !c.WEBHOOK_SECRET_KEY && 'WEBHOOK_SECRET_KEY is required with PostgreSQL: every node must open the same webhook secrets',
    engine !== 'sqlite' && c.BACKUP_DIR && "BACKUP_DIR backs up a SQLite file; back PostgreSQL up with its own tools (pg_basebackup, pg_dump)",
    c.DATABASE_REPLICA_URL && engine !== 'postgres' && 'DATABASE_REPLICA_URL needs DATABASE_URL to be a PostgreSQL server',
    c.WEB_CONCURRENCY > 1 && engine === 'pglite' && 'WEB_CONCURRENCY above 1 needs a database the processes share; PGlite lives in one process',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `✖ ${p}`).join('\n')}`);
  if (c.WEB_CONCURRENCY > 1 && engine === 'sqlite' && path === ':memory:') {
    throw new ConfigError('Invalid configuration:\n✖ WEB_CONCURRENCY above 1 needs a database file the processes share; DATABASE_URL is :memory:\n  → at WEB_CONCURRENCY');
  }
  if (c.BACKUP_DIR && engine === 'sqlite' && path === ':memory:') {
    throw new ConfigError('Invalid configuration:\n✖ BACKUP_DIR needs a database file; DATABASE_URL is :memory:\n  → at BACKUP_DIR');
  }
  return {
    ...c,
    // No worker can open another connection's in-memory database: such a server runs heavy reads in process.
    // On PostgreSQL the server does the heavy reading; threads would only add connections.
    READ_WORKERS: path === ':memory:' ? 0 : c.READ_WORKERS,
    databasePath: path,
    databaseEngine: engine,
    RATE_LIMIT_COST_PER_MINUTE: Math.ceil(c.RATE_LIMIT_COST_PER_MINUTE / c.RATE_LIMIT_NODES),
    PUBLIC_RATE_LIMIT_PER_MINUTE: Math.ceil(c.PUBLIC_RATE_LIMIT_PER_MINUTE / c.RATE_LIMIT_NODES),
    publicBaseUrl: (c.PUBLIC_BASE_URL ?? `http://${urlHost(c.HOST)}:${c.PORT}`).replace(/\/+$/, ''),
  };
}

/** The host part of the default base URL: a wildcard address means this machine; IPv6 goes in brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return isIPv6(host) ? `[${host}]` : host;
}
