import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createApp, type App, type AppOptions } from '../../src/app';
import { SYSTEM } from '../../src/auth/viewer';
import { loadConfig } from '../../src/config';
import type { RoleName } from '../../src/db/schema';
import { freshDatabaseUrl, serverKeys } from './test-database';

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
  extensions?: Record<string, unknown>;
}

export interface TestApp {
  app: App;
  url: string;
  /** A SUPERADMIN token. */
  adminToken: string;
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GraphQLResponse<T>>;
  token(role: RoleName, extra?: { institutionCode?: string; nip?: string }): Promise<string>;
  close(): Promise<void>;
}

/** A real server on a fresh, migrated database in a temp dir, listening on loopback. */
export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-test-'));
  const config = loadConfig({
    DATABASE_URL: await freshDatabaseUrl(dir),
    ...serverKeys,
    SEED_DEMO: 'false',
    PORT: '0',
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    // Worker threads start in a second or two under tsx: only the tests that exercise the pool ask for one.
    READ_WORKERS: '0',
    ...env,
  });
  const app = await createApp(config, pino({ level: 'silent' }), { countStatements: true, ...options });
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const address = app.http.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/graphql`;

  let counter = 0;
  const token = async (role: RoleName, extra: { institutionCode?: string; nip?: string } = {}) => {
    const result = await app.services.access.create(SYSTEM, { name: `test ${role} ${++counter}`, role, ...extra });
    if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
    return result.value.token;
  };
  const adminToken = await token('SUPERADMIN');

  const gql = async (query: string, variables: Record<string, unknown> = {}, bearer: string | null = adminToken) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphQLResponse;
    return { ...body, status: response.status };
  };

  return {
    app,
    url,
    adminToken,
    gql,
    token,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Throws with the errors when a response has any; returns its data. */
export function dataOf<T>(response: GraphQLResponse<T>): T {
  if (response.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data as T;
}
