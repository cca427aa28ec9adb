/** Participants who are not ASN: everything a NIP does for an ASN, an e-mail (or an id) does for them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../../src/graphql/node';
import { demoNip } from '../../../src/seed/demo-people';
import { dataOf } from '../../support/app';
import { op } from '../../support/contract';
import { buildWorld, type World } from '../../hardening/world';
import { sqlRow } from '../../support/sql';

let w: World;
let cohortId: string;
beforeAll(async () => {
  w = await buildWorld();
  cohortId = toGlobalId('Cohort', (await one<{ id: number }>("SELECT id FROM cohorts WHERE code = 'APK-PROBOLINGGO-2025-I'")).id);
}, 120_000);
afterAll(() => w.t.close());

const one = async <T>(text: string, ...params: unknown[]) => (await sqlRow<T>(w.t.app.db, text, ...params)) as T;
const run = async (name: string, input: Record<string, unknown>, token?: string | null) =>
  dataOf(await w.t.gql(op(name), { input }, token))[name[0].toLowerCase() + name.slice(1)];
const learnerId = async (email: string) => toGlobalId('Learner', (await one<{ id: number }>('SELECT id FROM learners WHERE email = ?', email)).id);
const MULYONO = 'mulyono@bumdes-sumberasih.id';
const SULASTRI = 'sulastri@bumdes-sumberasih.id';
const HASAN = 'hasan.basri@bumdes-sumberasih.id';

describe('participantCategory', () => {
  it('is set on import and on update, and must fit the employment type', async () => {
    const learners = [
      { email: 'wati@koperasi-sumberasih.id', name: 'Wati', employmentType: 'NON_ASN', participantCategory: 'BUSINESS' },
      { email: MULYONO, name: 'Mulyono', employmentType: 'NON_ASN', participantCategory: 'BUMDES' },
    ];
    const r = await run('ImportLearners', { institutionCode: 'BUMDES-SUMBERASIH', learners });
    expect(r).toMatchObject({ created: 1, updated: 1, userErrors: [] });
    const bad = await run('ImportLearners', {
      institutionCode: 'BUMDES-SUMBERASIH',
      learners: [
        { email: 'x@example.org', name: 'X', employmentType: 'NON_ASN', participantCategory: 'ASN' },
        { nip: demoNip(0), name: 'Siti Nurhaliza', employmentType: 'PNS', participantCategory: 'ACADEMIA' },
      ],
    });
    expect(bad.userErrors.map((e: { field: string[] }) => e.field.join('.'))).toEqual(['learners.0.participantCategory', 'learners.1.participantCategory']);
    const updated = await run('UpdateLearner', { learnerId: await learnerId(HASAN), participantCategory: 'COMMUNITY' });
    expect(updated.learner).toMatchObject({ participantCategory: 'COMMUNITY', employmentType: 'NON_ASN', nip: null, email: HASAN });
    const cleared = await run('UpdateLearner', { learnerId: await learnerId(HASAN), participantCategory: null });
    expect(cleared.learner.participantCategory).toBe('OTHER');
    expect((await one<{ c: string }>('SELECT participant_category AS c FROM learners WHERE email = ?', MULYONO)).c).toBe('BUMDES');
  });
});

describe('enrolment, completions and scores by e-mail or id', () => {
  it('enrols by emails and learnerIds beside nips, all or nothing', async () => {
    const r = await run('EnrollLearners', { cohortId, emails: [MULYONO.toUpperCase()], learnerIds: [await learnerId(SULASTRI)] });
    expect(r).toEqual({ enrolled: 2, alreadyEnrolled: 0, userErrors: [] });
    const again = await run('EnrollLearners', { cohortId, emails: [MULYONO], nips: [] });
    expect(again).toEqual({ enrolled: 0, alreadyEnrolled: 1, userErrors: [] });
    const bad = await run('EnrollLearners', { cohortId, emails: ['nobody@example.org', 'not-an-email'], learnerIds: [w.sessionId] });
    expect(bad.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual([
      ['learnerIds.0', 'NOT_FOUND'],
    ]);
    const unknown = await run('EnrollLearners', { cohortId, emails: ['nobody@example.org', 'not-an-email'] });
    expect(unknown.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual([
      ['emails.0', 'NOT_FOUND'],
      ['emails.1', 'INVALID_EMAIL'],
    ]);
    expect((await run('EnrollLearners', { cohortId })).userErrors[0].code).toBe('REQUIRED');
  });

  it('records module completions by e-mail', async () => {
    const module = await one<{ code: string }>(
      "SELECT m.code FROM curriculum_modules m JOIN cohorts c ON c.curriculum_id = m.curriculum_id WHERE c.code = 'APK-PROBOLINGGO-2025-I' ORDER BY m.sequence LIMIT 1",
    );
    const r = await run('RecordModuleCompletions', { cohortId, completions: [{ email: MULYONO, moduleCode: module.code, completedAt: '2025-10-20T10:00:00+07:00', score: 88 }] });
    expect(r).toEqual({ recorded: 1, userErrors: [] });
    const notEnrolled = await run('RecordModuleCompletions', { cohortId, completions: [{ email: HASAN, moduleCode: module.code, completedAt: '2025-10-20T10:00:00+07:00' }] });
    expect(notEnrolled.userErrors).toEqual([expect.objectContaining({ field: ['completions', '0', 'email'], code: 'NOT_ENROLLED' })]);
  });

  it('records scores by e-mail', async () => {
    const r = await run('RecordAssessmentScores', { assessmentId: w.assessmentId, scores: [{ email: SULASTRI, score: 77 }] });
    expect(r).toEqual({ recorded: 1, userErrors: [] });
    expect((await one<{ score: number }>('SELECT s.score FROM assessment_scores s JOIN learners l ON l.id = s.learner_id WHERE l.email = ?', SULASTRI)).score).toBe(77);
  });
});

describe('resolving a report row and tokens without a NIP', () => {
  it('resolves an unmatched row to a learner by id', async () => {
    const r = await run('ResolveUnmatchedAttendance', { rowId: w.unmatchedRowId, learnerId: await learnerId(HASAN) });
    expect(r.userErrors).toEqual([]);
    expect(r.attendance.learner).toEqual({ nip: null });
    expect((await one<{ email: string }>('SELECT l.email FROM unmatched_attendance_rows u JOIN learners l ON l.id = u.resolved_learner_id LIMIT 1')).email).toBe(HASAN);
  });

  it('creates a LEARNER token by e-mail, which reads the learner’s own data', async () => {
    const r = await run('CreateApiToken', { name: 'Portal Sulastri', role: 'LEARNER', email: SULASTRI });
    expect(r.userErrors).toEqual([]);
    expect(r.apiToken).toMatchObject({ role: 'LEARNER', institution: { code: 'BUMDES-SUMBERASIH' }, learner: { nip: null } });
    const viewer = dataOf(await w.t.gql('{ viewer { role } }', {}, r.token));
    expect(viewer.viewer.role).toBe('LEARNER');
    const missing = await run('CreateApiToken', { name: 'x', role: 'LEARNER', email: 'nobody@example.org' });
    expect(missing.userErrors).toEqual([expect.objectContaining({ field: ['email'], code: 'NOT_FOUND' })]);
    expect((await run('CreateApiToken', { name: 'x', role: 'LEARNER' })).userErrors[0].code).toBe('REQUIRED');
  });
});
