import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerTokens, hotOperations, validatesAgainstSchema, type Caller, type HotTargets } from '../../bench/support/hot-operations';
import { startInProcess, type InProcessServer } from '../../bench/support/load-test';
import { explainable, fullScans } from '../../bench/support/query-plans';
import { op } from '../support/contract';
import { generatedSet, type GeneratedSet } from '../support/generated-set';

const operations = () => hotOperations(targets);
let set: GeneratedSet;
let targets: HotTargets;
let server: InProcessServer;
let tokens: Record<Caller, string | null>;
let captured: string[] | null = null;

beforeAll(async () => {
  set = await generatedSet('explain', 2_000);
  targets = set.targets;
  server = await startInProcess(set.path, { onStatement: (sql) => captured?.push(sql) });
  tokens = await callerTokens(server.services, targets);
}, 120_000);

afterAll(async () => {
  await server?.close();
  set?.remove();
});

describe('query plans of the hot queries (EXPLAIN QUERY PLAN of the SQL each operation runs)', () => {
  it('finds a full scan of a large table, and none through an index or of a small table', () => {
    const conn = server.db.readRaw;
    expect(fullScans(conn, `SELECT * FROM learners WHERE name = 'x'`).map((s) => s.table)).toEqual(['learners']);
    expect(fullScans(conn, `SELECT * FROM "learners" "l" WHERE "l"."name" = 'x'`).map((s) => s.table)).toEqual(['learners']);
    expect(fullScans(conn, `SELECT count(*) FROM learners`).map((s) => s.detail)).toEqual([expect.stringMatching(/^SCAN learners USING COVERING INDEX/)]);
    expect(fullScans(conn, `SELECT * FROM learners WHERE nip = 'x'`)).toEqual([]);
    expect(fullScans(conn, `SELECT * FROM curriculum_changes ORDER BY sequence LIMIT 10`)).toEqual([]);
    expect(fullScans(conn, `SELECT * FROM institutions WHERE name = 'x'`)).toEqual([]);
  });

  for (const name of ['MyProgress', 'MyCertificates', 'LearnerProgress', 'Catalog', 'SessionEligibility', 'InstitutionDashboard', 'CurriculumChanges', 'VerifyCertificate']) {
    // Operations whose fields are still being built (not yet in schema.graphql) are skipped until they validate.
    it.skipIf(!validatesAgainstSchema({ query: op(name) }))(`${name}: every statement it runs searches large tables through an index`, async () => {
      const operation = operations().find((o) => o.name === name)!;
      captured = [];
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(tokens[operation.caller] ? { authorization: `Bearer ${tokens[operation.caller]}` } : {}) },
        body: JSON.stringify({ query: operation.query, variables: operation.variables }),
      });
      const statements = captured;
      captured = null;
      const body = (await response.json()) as { errors?: unknown[]; data?: unknown };
      expect(body.errors).toBeUndefined();
      const reads = explainable(statements);
      expect(reads.length).toBeGreaterThan(0);
      if (process.env.SHOW_PLANS) for (const sql of reads) console.log(sql, server.db.readRaw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((r: any) => r.detail));
      expect(reads.flatMap((sql) => fullScans(server.db.readRaw, sql))).toEqual([]);
    });
  }
});
