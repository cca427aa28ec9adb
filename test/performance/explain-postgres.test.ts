import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseOperations, callerTokens, hotOperations, sampleBrowseTargets, type Caller, type HotOperation } from '../../bench/support/hot-operations';
import { startInProcess, type InProcessServer } from '../../bench/support/load-test';
import { SCANNABLE_TABLES } from '../../bench/support/query-plans';
import { openDatabase, type Database, type Db } from '../../src/db/database';
import { copySqliteToPostgres, vacuumAfterCopy } from '../../src/db/postgres/copy';
import { statement } from '../../src/db/statement';
import { generatedSet, type GeneratedSet } from '../support/generated-set';
import { freshDatabaseUrl, serverKeys, testEngine } from '../support/test-database';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/**
 * Plan nodes that read a growing table whole: a Seq Scan, or an index read
 * with no condition on it (the whole index), unless a Limit above stops it
 * early (a feed's first page in key order).
 */
function wholeReads(node: PlanNode, underLimit = false): string[] {
  const table = node['Relation Name'];
  const whole =
    table !== undefined &&
    !SCANNABLE_TABLES.has(table) &&
    (node['Node Type'] === 'Seq Scan' || (/^(Index|Index Only) Scan$/.test(node['Node Type']) && !node['Index Cond'] && !underLimit));
  const limited = underLimit || node['Node Type'] === 'Limit';
  return [...(whole ? [`${node['Node Type']} on ${table}`] : []), ...(node.Plans ?? []).flatMap((child) => wholeReads(child, limited))];
}

/**
 * A small data set makes reading a table whole the cheapest plan; at national
 * scale it is not. Priced out, with joins as nested loops (SQLite's only
 * kind), a whole read that remains in a plan is one no index can replace.
 */
async function priceOutWholeReads(tx: Db): Promise<void> {
  for (const setting of ['enable_seqscan', 'enable_hashjoin', 'enable_mergejoin']) await statement<[], never>(`SET LOCAL ${setting} = off`)(tx).run();
}

/**
 * The same hot operations as explain.test.ts, on PostgreSQL: the generated
 * set copied into it, each read's plan asked with its own parameters, whole
 * reads priced out. None may read a growing table whole.
 */
describe.skipIf(testEngine === 'sqlite')("query plans of the hot queries on PostgreSQL (EXPLAIN (FORMAT JSON))", () => {
  let set: GeneratedSet;
  let server: InProcessServer;
  let tokens: Record<Caller, string | null>;
  let operations: HotOperation[];
  let captured: { sql: string; params: unknown[] }[] | null = null;

  beforeAll(async () => {
    set = await generatedSet('explain-pg', 2_000);
    const source = openDatabase(set.path, { migrate: false });
    operations = [...hotOperations(set.targets), ...browseOperations(sampleBrowseTargets(source))];
    source.close();
    const url = testEngine === 'postgres' ? await freshDatabaseUrl(null) : 'pglite:memory';
    server = await startInProcess(url, { onStatement: (sql, params) => captured?.push({ sql, params: params ?? [] }) }, serverKeys);
    // Filled through the server's own connection: an in-memory PGlite exists once, in it.
    await copySqliteToPostgres(new BetterSqlite3(set.path, { readonly: true }), server.db);
    await vacuumAfterCopy(server.db);
    tokens = await callerTokens(server.services, set.targets);
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    set?.remove();
  });

  /** Whole reads of tables that grow, in the plan of every read the operation runs. */
  async function wholeReadsOf(operation: HotOperation): Promise<string[]> {
    captured = [];
    const token = tokens[operation.caller];
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: operation.query, variables: operation.variables }),
    });
    const statements = captured.filter((s) => /^\s*(SELECT|WITH)\b/i.test(s.sql));
    captured = null;
    expect(((await response.json()) as { errors?: unknown }).errors, operation.name).toBeUndefined();
    expect(statements.length).toBeGreaterThan(0);
    const db: Database = server.db;
    const scans: string[] = [];
    for (const { sql, params } of statements) {
      const plan = await db.write(async (tx) => {
        await priceOutWholeReads(tx);
        return (await statement<unknown[], { 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${sql}`)(tx).get(...params))!;
      });
      for (const read of wholeReads(plan['QUERY PLAN'][0].Plan)) scans.push(`${read}: ${sql}`);
    }
    return scans;
  }

  it('finds a whole read where no index serves, and none where one does', async () => {
    const reads = (sql: string) =>
      server.db.write(async (tx) => {
        await priceOutWholeReads(tx);
        return wholeReads((await statement<[], { 'QUERY PLAN': { Plan: PlanNode }[] }>(`EXPLAIN (FORMAT JSON) ${sql}`)(tx).get())!['QUERY PLAN'][0].Plan);
      });
    expect(await reads(`SELECT * FROM learners WHERE participant_category = 'OTHER'`)).toEqual([expect.stringMatching(/on learners$/)]);
    expect(await reads(`SELECT * FROM learners WHERE nip = '1'`)).toEqual([]);
    expect(await reads(`SELECT rowid FROM learner_search WHERE bangkom_unaccent(name) ILIKE '%abc%'`)).toEqual([]);
    // The name's trigram index is over its unaccented form (drizzle-pg/0002): the bare column has none.
    expect(await reads(`SELECT rowid FROM learner_search WHERE name ILIKE '%abc%'`)).toEqual([expect.stringMatching(/on learners$/)]);
    expect(await reads(`SELECT * FROM events ORDER BY sequence LIMIT 10`)).toEqual([]);
  });

  const names = [
    'MyProgress', 'MyCertificates', 'LearnerProgress', 'Catalog', 'SessionEligibility', 'InstitutionDashboard', 'CurriculumChanges', 'Events', 'VerifyCertificate',
    'FindLearners: full name', 'FindLearners: NIP prefix', 'FindLearners: e-mail part', 'FindLearners: in institution', 'WebinarSeriesList', 'SessionAdmin',
    'InstitutionAdmin', 'CohortMembers', 'CertificatesIssued: session', 'CertificatesIssued: holder', 'CompetencyHistory',
  ];
  for (const name of names) {
    it(`${name}: no read scans a growing table whole`, async () => {
      const operation = operations.find((o) => o.name === name);
      expect(operation, name).toBeDefined();
      expect(await wholeReadsOf(operation!)).toEqual([]);
    });
  }
});
