import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POVERTY_STRATEGIES, TKPK_PROGRAM_GROUPS } from '../../../src/db/schema';
import { toGlobalId } from '../../../src/graphql/node';
import { DEMO_ACADEMY } from '../../../src/seed/demo-curricula';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlRows } from '../../support/sql';
import { statementsOf } from '../competencies/fixtures';

/** The demo data: session 41 (2024-10-24) and the academy cohort (ends 2025-12-19), both tagged, with certificates. */
let t: TestApp;
beforeAll(async () => {
  // A real read pool: the report runs in a worker thread on the database file.
  t = await startTestApp({ SEED_DEMO: 'true', READ_WORKERS: '1' });
});
afterAll(() => t.close());

const raw = <T>(sql: string, ...params: unknown[]) => sqlRows<T>(t.app.db, sql, ...params);

interface Counts {
  learners: number;
  nonAsnLearners: number;
  certificates: number;
  jp: number;
}

/** The report worked out row by row in JavaScript, from the stored certificates and tags. */
async function expectedReport(code: string, from: string, to: string) {
  const [root] = await raw<{ path: string }>('SELECT path FROM institutions WHERE code = ?', code);
  const certificates = await raw<{ learner: number; jp: number; type: string; subject: number; date: string; status: string; employment: string; path: string }>(
    `SELECT c.learner_id AS learner, c.jp, c.subject_type AS type, c.subject_id AS subject, c.activity_date AS date, c.status,
       l.employment_type AS employment, i.path FROM certificates c JOIN learners l ON l.id = c.learner_id JOIN institutions i ON i.id = l.institution_id`,
  );
  const sessionTags = await raw<{ id: number; tag: string }>('SELECT session_id AS id, tag FROM session_tkpk_tags');
  const cohortTags = await raw<{ id: number; tag: string }>('SELECT co.id, t.tag FROM cohorts co JOIN curriculum_tkpk_tags t ON t.curriculum_id = co.curriculum_id');
  const tagsOf = (type: string, id: number) => (type === 'SESSION' ? sessionTags : cohortTags).filter((r) => r.id === id).map((r) => r.tag);
  const counted = certificates.filter((c) => c.status === 'VALID' && c.path.startsWith(root.path) && c.date >= from && c.date <= to);
  const line = (tag: string): Counts => {
    const mine = counted.filter((c) => tagsOf(c.type, c.subject).includes(tag));
    return {
      learners: new Set(mine.map((c) => c.learner)).size,
      nonAsnLearners: new Set(mine.filter((c) => c.employment === 'NON_ASN').map((c) => c.learner)).size,
      certificates: mine.length,
      jp: mine.reduce((sum, c) => sum + c.jp, 0),
    };
  };
  return {
    from,
    to,
    byProgramGroup: TKPK_PROGRAM_GROUPS.map((programGroup) => ({ programGroup, ...line(programGroup) })),
    byStrategy: POVERTY_STRATEGIES.map((strategy) => ({ strategy, ...line(strategy) })),
  };
}

const report = async (code: string, from: string, to: string, token = t.adminToken) =>
  dataOf(await t.gql(op('TkpkLearningReport'), { code, from, to }, token)).institution.tkpkLearningReport;

const lineOf = (r: any, tag: string) => [...r.byProgramGroup, ...r.byStrategy].find((l: any) => l.programGroup === tag || l.strategy === tag);

describe('TKPK tags on curricula and sessions', () => {
  const catalog = async (variables: Record<string, unknown>) => dataOf(await t.gql(op('PovertyReductionCatalog'), variables, null)).curricula;

  it('filters the public catalogue by program group and strategy, both together as AND', async () => {
    const all = await catalog({});
    const empowering = await catalog({ programGroup: 'COMMUNITY_AND_MICRO_ENTERPRISE_EMPOWERMENT' });
    expect(empowering.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({
        code: DEMO_ACADEMY.code,
        programGroups: DEMO_ACADEMY.programGroups,
        strategies: DEMO_ACADEMY.strategies,
        owner: { code: DEMO_ACADEMY.ownerCode },
      }),
    ]);
    expect(empowering.totalCount).toBe(1);
    expect(all.totalCount).toBeGreaterThan(1);
    expect(all.edges.filter((e: any) => e.node.programGroups.length === 0).length).toBe(all.totalCount - 1);

    expect((await catalog({ strategy: 'POLICY_SYNERGY' })).edges.map((e: any) => e.node.code)).toEqual([DEMO_ACADEMY.code]);
    expect((await catalog({ programGroup: 'COMMUNITY_AND_MICRO_ENTERPRISE_EMPOWERMENT', strategy: 'POLICY_SYNERGY' })).totalCount).toBe(1);
    // Session 41 serves this strategy; no curriculum does.
    expect(await catalog({ strategy: 'REDUCE_SPENDING_BURDEN' })).toMatchObject({ totalCount: 0, edges: [] });
    expect((await catalog({ programGroup: 'COMMUNITY_AND_MICRO_ENTERPRISE_EMPOWERMENT', strategy: 'REDUCE_SPENDING_BURDEN' })).totalCount).toBe(0);
  });

  it('takes tags in a sync as content: a changed set is UPDATED, the same set in another order UNCHANGED', async () => {
    const upsert = async (input: object) => dataOf(await t.gql(op('UpsertCurriculum'), { input })).upsertCurriculum;
    const before = await upsert(DEMO_ACADEMY);
    expect(before.outcome).toBe('UNCHANGED');

    const changed = await upsert({ ...DEMO_ACADEMY, strategies: ['REDUCE_SPENDING_BURDEN'], programGroups: ['OTHER_WELFARE_PROGRAMS', 'SOCIAL_ASSISTANCE_AND_SECURITY'] });
    expect(changed).toMatchObject({ outcome: 'UPDATED', curriculum: { revision: before.curriculum.revision + 1 }, userErrors: [] });
    const reordered = await upsert({ ...DEMO_ACADEMY, strategies: ['REDUCE_SPENDING_BURDEN', 'REDUCE_SPENDING_BURDEN'], programGroups: ['SOCIAL_ASSISTANCE_AND_SECURITY', 'OTHER_WELFARE_PROGRAMS'] });
    expect(reordered.outcome).toBe('UNCHANGED');
    const read = dataOf(await t.gql('query($c: String!) { curriculum(code: $c) { revision programGroups strategies } }', { c: DEMO_ACADEMY.code }, null));
    expect(read.curriculum).toEqual({
      revision: changed.curriculum.revision,
      programGroups: ['SOCIAL_ASSISTANCE_AND_SECURITY', 'OTHER_WELFARE_PROGRAMS'],
      strategies: ['REDUCE_SPENDING_BURDEN'],
    });
    expect((await catalog({ strategy: 'POLICY_SYNERGY' })).totalCount).toBe(0);

    // Back as seeded (the report tests below count the seeded tags).
    expect((await upsert(DEMO_ACADEMY)).outcome).toBe('UPDATED');
    expect((await catalog({ strategy: 'POLICY_SYNERGY' })).totalCount).toBe(1);
  });

  it('keeps the tags a session was scheduled with', async () => {
    const created = dataOf(
      await t.gql(op('ScheduleWebinarSession'), {
        input: {
          seriesCode: 'MITK',
          number: 90,
          title: 'Sesi uji TKPK',
          startsAt: '2026-12-20T09:00:00+08:00',
          endsAt: '2026-12-20T11:00:00+08:00',
          jp: 2,
          programGroups: ['OTHER_WELFARE_PROGRAMS', 'OTHER_WELFARE_PROGRAMS'],
          strategies: ['POLICY_SYNERGY'],
        },
      }),
    ).scheduleWebinarSession;
    expect(created.userErrors).toEqual([]);
    const read = async (number: number) =>
      dataOf(await t.gql('query($n: Int!) { webinarSession(seriesCode: "MITK", number: $n) { programGroups strategies } }', { n: number }, null)).webinarSession;
    expect(await read(90)).toEqual({ programGroups: ['OTHER_WELFARE_PROGRAMS'], strategies: ['POLICY_SYNERGY'] });
    expect(await read(41)).toEqual({ programGroups: ['SOCIAL_ASSISTANCE_AND_SECURITY'], strategies: ['REDUCE_SPENDING_BURDEN', 'POLICY_SYNERGY'] });
    expect(await read(42)).toEqual({ programGroups: [], strategies: [] });
  });
});

describe('tkpkLearningReport', () => {
  it('counts the subtree’s VALID certificates by the tags of their session or curriculum, every value a line', async () => {
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'PEMPROV-JATIM' });
    const answer = await report('PEMPROV-JATIM', '2024-01-01', '2025-12-31', admin);
    expect(answer).toEqual(await expectedReport('PEMPROV-JATIM', '2024-01-01', '2025-12-31'));
    // Both the session's and the cohort's certificates are in it, and a value nothing carries is a line of zeros.
    expect(lineOf(answer, 'SOCIAL_ASSISTANCE_AND_SECURITY').certificates).toBeGreaterThan(0);
    expect(lineOf(answer, 'COMMUNITY_AND_MICRO_ENTERPRISE_EMPOWERMENT').certificates).toBeGreaterThan(0);
    expect(lineOf(answer, 'OTHER_WELFARE_PROGRAMS')).toEqual({ programGroup: 'OTHER_WELFARE_PROGRAMS', learners: 0, nonAsnLearners: 0, certificates: 0, jp: 0 });
    // POLICY_SYNERGY is carried by both: its certificates are the sum.
    expect(lineOf(answer, 'POLICY_SYNERGY').certificates).toBe(
      lineOf(answer, 'SOCIAL_ASSISTANCE_AND_SECURITY').certificates + lineOf(answer, 'COMMUNITY_AND_MICRO_ENTERPRISE_EMPOWERMENT').certificates,
    );
  });

  it('includes both ends of the period', async () => {
    const day = await report('PEMPROV-JATIM', '2024-10-24', '2024-10-24');
    expect(lineOf(day, 'SOCIAL_ASSISTANCE_AND_SECURITY').certificates).toBeGreaterThan(0);
    expect(lineOf(day, 'COMMUNITY_AND_MICRO_ENTERPRISE_EMPOWERMENT').certificates).toBe(0);
    expect(day).toEqual(await expectedReport('PEMPROV-JATIM', '2024-10-24', '2024-10-24'));
    const before = await report('PEMPROV-JATIM', '2024-01-01', '2024-10-23');
    const after = await report('PEMPROV-JATIM', '2024-10-25', '2025-12-18');
    for (const r of [before, after]) expect([...r.byProgramGroup, ...r.byStrategy].every((l: any) => l.certificates === 0 && l.jp === 0 && l.learners === 0)).toBe(true);
    expect(lineOf(await report('PEMPROV-JATIM', '2025-12-19', '2026-06-30'), 'COMMUNITY_AND_MICRO_ENTERPRISE_EMPOWERMENT').certificates).toBeGreaterThan(0);
  });

  it('counts a NON_ASN holder as a learner and a non-ASN learner, and drops revoked certificates', async () => {
    const period = ['2024-07-01', '2024-12-31'] as const;
    const before = lineOf(await report('PEMPROV-JATIM', ...period), 'REDUCE_SPENDING_BURDEN');
    expect(before.nonAsnLearners).toBe(0);

    // Mulyono (BUMDes, no NIP) attended session 41; his post-test and evaluation make him eligible.
    const [session] = await raw<{ id: number }>("SELECT s.id FROM webinar_sessions s JOIN webinar_series w ON w.id = s.series_id WHERE w.code = 'MITK' AND s.number = 41");
    const assessments = await raw<{ id: number; kind: string }>("SELECT id, kind FROM assessments WHERE subject_type = 'SESSION' AND subject_id = ?", session.id);
    for (const a of assessments) {
      const score = a.kind === 'POST_TEST' ? 90 : 4;
      const input = { assessmentId: toGlobalId('Assessment', a.id), scores: [{ email: 'mulyono@bumdes-sumberasih.id', score, submittedAt: '2024-10-24T11:55:00+07:00' }] };
      expect(dataOf(await t.gql(op('RecordAssessmentScores'), { input })).recordAssessmentScores.userErrors).toEqual([]);
    }
    const issued = dataOf(await t.gql(op('IssueCertificates'), { input: { sessionId: toGlobalId('WebinarSession', session.id) } })).issueCertificates;
    expect(issued.userErrors).toEqual([]);
    expect(issued.issued).toHaveLength(1);

    const after = await report('PEMPROV-JATIM', ...period);
    expect(after).toEqual(await expectedReport('PEMPROV-JATIM', ...period));
    expect(lineOf(after, 'REDUCE_SPENDING_BURDEN')).toEqual({
      ...before,
      learners: before.learners + 1,
      nonAsnLearners: 1,
      certificates: before.certificates + 1,
      jp: before.jp + 3,
    });
    // BUMDes Sumberasih lies under Kabupaten Probolinggo: its report has him, another district's has nobody.
    expect(lineOf(await report('BUMDES-SUMBERASIH', ...period), 'POLICY_SYNERGY')).toMatchObject({ learners: 1, nonAsnLearners: 1, certificates: 1, jp: 3 });
    expect(lineOf(await report('KOTA-PROBOLINGGO', ...period), 'POLICY_SYNERGY').certificates).toBe(0);

    const [number] = issued.issued.map((c: any) => c.number);
    expect(dataOf(await t.gql(op('RevokeCertificate'), { input: { number, reason: 'Uji pencabutan' } })).revokeCertificate.userErrors).toEqual([]);
    expect(lineOf(await report('PEMPROV-JATIM', ...period), 'REDUCE_SPENDING_BURDEN')).toEqual(before);
  });

  it('costs the same number of statements for one institution and for a whole province', async () => {
    const small = await statementsOf(t, () => report('BUMDES-SUMBERASIH', '2024-01-01', '2025-12-31'));
    const large = await statementsOf(t, () => report('PEMPROV-JATIM', '2024-01-01', '2025-12-31'));
    expect(large).toBe(small);
  });

  it('is for those who manage the institution, and refuses a period that ends before it starts', async () => {
    const outsider = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KOTA-KUPANG' });
    const child = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' });
    const refused = await t.gql(op('TkpkLearningReport'), { code: 'PEMPROV-JATIM', from: '2024-01-01', to: '2025-12-31' }, child);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const elsewhere = await t.gql(op('TkpkLearningReport'), { code: 'KAB-PROBOLINGGO', from: '2024-01-01', to: '2025-12-31' }, outsider);
    expect(elsewhere.data?.institution ?? null).toBeNull();
    expect(JSON.stringify(elsewhere)).not.toContain('"certificates"');
    expect((await report('KAB-PROBOLINGGO', '2024-01-01', '2025-12-31', child)).byProgramGroup).toHaveLength(TKPK_PROGRAM_GROUPS.length);
    const backwards = await t.gql(op('TkpkLearningReport'), { code: 'PEMPROV-JATIM', from: '2025-01-01', to: '2024-12-31' });
    expect(backwards.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
