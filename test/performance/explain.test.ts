import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseOperations, callerTokens, hotOperations, sampleBrowseTargets, validatesAgainstSchema, type Caller, type HotTargets } from '../../bench/support/hot-operations';
import { startInProcess, type InProcessServer } from '../../bench/support/load-test';
import { explainable, fullScans } from '../../bench/support/query-plans';
import { SYSTEM } from '../../src/auth/viewer';
import { bpsdmCode } from '../../src/seed/scale/plan';
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
    expect(fullScans(conn, `SELECT rowid FROM learner_search WHERE learner_search MATCH '"abc"'`)).toEqual([]);
    expect(fullScans(conn, `SELECT rowid FROM learner_search`).map((s) => s.table)).toEqual(['learner_search']);
    expect(fullScans(conn, `SELECT * FROM learners WHERE lower(name) LIKE '%abc%'`).map((s) => s.table)).toEqual(['learners']);
  });

  /** Full scans in the plans of every read the request runs. */
  async function scansOf(query: string, variables: Record<string, unknown>, token: string | null) {
    captured = [];
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const statements = captured;
    captured = null;
    const body = (await response.json()) as { errors?: unknown[]; data?: unknown };
    expect(body.errors).toBeUndefined();
    const reads = explainable(statements);
    expect(reads.length).toBeGreaterThan(0);
    if (process.env.SHOW_PLANS) for (const sql of reads) console.log(sql, server.db.readRaw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((r: any) => r.detail));
    return { data: body.data, reads, scans: reads.flatMap((sql) => fullScans(server.db.readRaw, sql)) };
  }

  for (const name of ['MyProgress', 'MyCertificates', 'LearnerProgress', 'Catalog', 'SessionEligibility', 'InstitutionDashboard', 'CurriculumChanges', 'Events', 'VerifyCertificate']) {
    // Operations whose fields are still being built (not yet in schema.graphql) are skipped until they validate.
    it.skipIf(!validatesAgainstSchema({ query: op(name) }))(`${name}: every statement it runs searches large tables through an index`, async () => {
      const operation = operations().find((o) => o.name === name)!;
      expect((await scansOf(operation.query, operation.variables, tokens[operation.caller])).scans).toEqual([]);
    });
  }

  it('PovertyReductionCatalog: the catalogue filtered by program group and strategy finds them through the tag index', async () => {
    for (const variables of [{ programGroup: 'SOCIAL_ASSISTANCE_AND_SECURITY' }, { programGroup: 'OTHER_WELFARE_PROGRAMS', strategy: 'POLICY_SYNERGY' }]) {
      const { data, scans } = await scansOf(op('PovertyReductionCatalog'), { ...variables, first: 20 }, null);
      expect(scans).toEqual([]);
      expect((data as { curricula: { totalCount: number } }).curricula.totalCount).toBeGreaterThan(0);
    }
  });

  it("TkpkLearningReport: a regency's report reads its learners' certificates and their tags through indexes", async () => {
    const variables = { code: targets.institutionCode, from: `${targets.year}-01-01`, to: `${targets.year}-12-31` };
    expect((await scansOf(op('TkpkLearningReport'), variables, tokens.admin)).scans).toEqual([]);
  });

  it("InstitutionDashboard: the summary and the EARNED_JP order read each learner's yearly total by key, not their certificates", async () => {
    const operation = operations().find((o) => o.name === 'InstitutionDashboard')!;
    const { reads } = await scansOf(operation.query, operation.variables, tokens[operation.caller]);
    const plan = (sql: string) => server.db.readRaw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all().map((r: any) => r.detail as string);
    const totals = reads.filter((sql) => /learner_year_jp/.test(sql));
    expect(totals.length).toBe(2); // progressSummary and learners(orderBy: EARNED_JP)
    for (const sql of totals) {
      expect(sql).not.toMatch(/\b(FROM|JOIN) "?certificates\b/i);
      expect(plan(sql)).toContainEqual(expect.stringMatching(/^SEARCH y USING (PRIMARY KEY|INDEX sqlite_autoindex_learner_year_jp_1) \(learner_id=\? AND year=\?\)/));
    }
  });

  // The admin console's lists (Browse.graphql): the learner search through its trigram index, the others by their keys.
  const browse = () => browseOperations(sampleBrowseTargets(server.db));
  for (const name of [
    'FindLearners: full name',
    'FindLearners: common name',
    'FindLearners: NIP prefix',
    'FindLearners: e-mail part',
    'FindLearners: in institution',
    'WebinarSeriesList',
    'SessionAdmin',
    'InstitutionAdmin',
    'CohortMembers',
    'CertificatesIssued: session',
    'CertificatesIssued: holder',
    'CompetencyHistory',
  ]) {
    it(`${name}: every statement it runs searches large tables through an index`, async () => {
      const operation = browse().find((o) => o.name === name)!;
      expect(operation, name).toBeDefined();
      const { data, scans } = await scansOf(operation.query, operation.variables, tokens[operation.caller]);
      expect(JSON.stringify(data)).toMatch(/"totalCount":[1-9]/);
      expect(scans).toEqual([]);
    });
  }

  it('FindLearners matching over a thousand learners walks the trigram index, and its count reads it by MATCH', async () => {
    const many = Array.from({ length: 1_100 }, (_, i) => ({ email: `padat.${i}@example.id`, name: `Peserta Padat ${i}`, employmentType: 'NON_ASN' as const }));
    const imported = await server.services.learners.importLearners(SYSTEM, { institutionCode: targets.institutionCode, learners: many });
    expect(imported.ok).toBe(true);
    const { data, scans } = await scansOf(op('FindLearners'), { search: 'padat', first: 20 }, tokens.admin);
    expect((data as { learners: { totalCount: number } }).learners.totalCount).toBe(1_100);
    expect(scans).toEqual([]);
  });

  // A filtered reader's first page (no cursor) reads the feed in sequence order until it has `first`
  // visible rows; from then on a poller always starts at its cursor, which is the call measured here.
  it("CurriculumChanges polled by a regional sync client (drafts filtered): the feed's reads go through an index", async () => {
    const made = await server.services.access.create(SYSTEM, { name: `explain sync ${process.pid}`, role: 'SYNC_CLIENT', institutionCode: bpsdmCode(1) });
    if (!made.ok) throw new Error(made.errors[0].message);
    const first = (await scansOf(op('CurriculumChanges'), { first: 10 }, made.value.token)).data as { curriculumChanges: { pageInfo: { endCursor: string } } };
    const poll = await scansOf(op('CurriculumChanges'), { first: 100, after: first.curriculumChanges.pageInfo.endCursor }, made.value.token);
    expect(poll.scans).toEqual([]);
  });
});
