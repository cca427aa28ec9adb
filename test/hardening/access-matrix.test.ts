import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { buildSchema, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/viewer';
import { webhookDeliveries } from '../../src/db/schema';
import { toGlobalId } from '../../src/graphql/node';
import { demoNip } from '../../src/seed/demo-people';
import type { GraphQLResponse } from '../support/app';
import { buildWorld, ROLES, tableCounts, type MatrixRole, type World } from './world';
import { sqlRow } from '../support/sql';

/** `ok`: answered with data; `scoped`: answered, but nothing of the world outside the caller's scope. */
type Outcome = 'ok' | 'scoped' | 'FORBIDDEN' | 'UNAUTHENTICATED';
type Expectation = Record<MatrixRole, Outcome>;

interface Entry {
  op: string;
  vars: (w: World, n: number) => Record<string, unknown> | Promise<Record<string, unknown>>;
  expect: Expectation;
}

const PUBLIC: Expectation = { anonymous: 'ok', learner: 'ok', wrongAdmin: 'ok', sync: 'ok', rightAdmin: 'ok', superadmin: 'ok' };
const ADMINS: Expectation = { anonymous: 'UNAUTHENTICATED', learner: 'FORBIDDEN', wrongAdmin: 'FORBIDDEN', sync: 'FORBIDDEN', rightAdmin: 'ok', superadmin: 'ok' };
const SIGNED_IN: Expectation = { anonymous: 'UNAUTHENTICATED', learner: 'ok', wrongAdmin: 'ok', sync: 'ok', rightAdmin: 'ok', superadmin: 'ok' };
/** The holder, the issuer's admins, the superadmin. */
const HOLDER_OR_ADMINS: Expectation = { ...ADMINS, learner: 'ok' };
/** Curricula owned by KAB-PROBOLINGGO: its sync client, admins above it, the superadmin. */
const CURRICULUM_WRITERS: Expectation = { ...ADMINS, sync: 'ok' };
/** Browse lists: whatever lies in the caller's scope (nothing of the right admin's for anyone else). */
const BROWSE_SCOPED: Expectation = { anonymous: 'UNAUTHENTICATED', learner: 'scoped', wrongAdmin: 'scoped', sync: 'scoped', rightAdmin: 'ok', superadmin: 'ok' };
const SUPERADMIN_ONLY: Expectation = { ...ADMINS, rightAdmin: 'FORBIDDEN' };

const curriculum = (n: number) => ({
  code: `MATRIX-${n}`,
  version: 1,
  title: 'Matrix course',
  ownerCode: 'KAB-PROBOLINGGO',
  status: 'DRAFT',
  approach: 'OUTCOME_BASED',
  outcomes: [{ code: 'CP1', statement: 'Can do it', competencyCode: 'TPK.01', targetLevel: 2 }],
  modules: [{ code: 'M01', title: 'Doing it', jp: 2, deliveryMode: 'CLASSROOM', sequence: 1, outcomeCodes: ['CP1'] }],
});
const userErrors = 'userErrors { field code message }';

/** A provider for DINSOS-PROBOLINGGO (the right admin's subtree), registered as the system; its row id. */
async function registerProvider(w: World, n: number): Promise<number> {
  const r = await w.t.app.services.identityProviders.register(SYSTEM, {
    name: `DINSOS-PROBOLINGGO sso ${n}`,
    issuer: 'https://sso.probolinggokab.go.id',
    audience: `provider-${n}`,
    institutionCode: 'DINSOS-PROBOLINGGO',
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value.id;
}
/** A subscription of DINSOS-PROBOLINGGO, made inactive (so nothing is sent), with one FAILED delivery; their row ids. */
async function subscribeDinsos(w: World, n: number): Promise<{ subscriptionId: number; deliveryId: number }> {
  const created = await w.t.app.services.webhooks.create(SYSTEM, { institutionCode: 'DINSOS-PROBOLINGGO', url: `https://hr.probolinggokab.go.id/hook/${n}`, eventTypes: ['CERTIFICATE_ISSUED'] });
  if (!created.ok) throw new Error(JSON.stringify(created.errors));
  const subscriptionId = created.value.subscription.id;
  await w.t.app.services.webhooks.update(SYSTEM, { id: subscriptionId, active: false });
  const deliveryId = await w.t.app.db.write(
    async (tx) =>
      (
        await tx
          .insert(webhookDeliveries)
          .values({ subscriptionId, eventSequence: sql`(SELECT max(sequence) FROM events)` as unknown as number, status: 'FAILED', attempts: 1 })
          .returning()
          .get()
      ).id,
  );
  return { subscriptionId, deliveryId };
}
const zoomCsv = readFileSync(join(__dirname, '../fixtures/zoom/meeting-newer.csv'), 'utf8');

/** Every Query and Mutation field: one operation, its variables and the outcome per role. */
const ENTRIES: Record<string, Entry> = {
  // --- queries
  apiTokens: {
    op: '{ apiTokens(first: 100, filter: { includeRevoked: true }) { totalCount edges { node { name institution { code } learner { nip } } } } }',
    vars: () => ({}),
    expect: { ...ADMINS, wrongAdmin: 'scoped' },
  },
  auditLog: { op: '{ auditLog(first: 100) { totalCount edges { node { action summary } } } }', vars: () => ({}), expect: { ...ADMINS, wrongAdmin: 'scoped' } },
  certificate: {
    op: 'query($n: String!) { certificate(number: $n) { number status } }',
    vars: (w) => ({ n: w.certificateNumber }),
    expect: HOLDER_OR_ADMINS,
  },
  cohort: { op: 'query($c: String!) { cohort(code: $c) { code name } }', vars: (w) => ({ c: w.cohortCode }), expect: ADMINS },
  competencyFrameworks: { op: '{ competencyFrameworks { code competencies { code } } }', vars: () => ({}), expect: PUBLIC },
  curricula: { op: '{ curricula(first: 5) { totalCount edges { node { code version } } } }', vars: () => ({}), expect: PUBLIC },
  curriculum: { op: '{ curriculum(code: "APK-PROBOLINGGO") { code title } }', vars: () => ({}), expect: PUBLIC },
  curriculumChanges: {
    op: '{ curriculumChanges(first: 5) { edges { node { sequence } } } }',
    vars: () => ({}),
    expect: { ...CURRICULUM_WRITERS, wrongAdmin: 'ok' },
  },
  events: {
    op: '{ events(first: 100) { edges { node { id type institution { code } payload } } pageInfo { endCursor } } }',
    vars: () => ({}),
    // The sync client's institution (KAB-PROBOLINGGO) holds the right admin's subtree: its events are in scope.
    expect: { ...ADMINS, sync: 'ok', wrongAdmin: 'scoped' },
  },
  identityProviders: {
    op: '{ identityProviders(first: 100) { totalCount edges { node { name issuer institution { code } } } } }',
    vars: async (w, n) => {
      await registerProvider(w, n);
      return {};
    },
    expect: { ...ADMINS, wrongAdmin: 'scoped' },
  },
  webhookSubscriptions: {
    op: '{ webhookSubscriptions(first: 100) { totalCount edges { node { url institution { code } deliveries(first: 5) { totalCount edges { node { status event { type } } } } } } } }',
    vars: async (w, n) => {
      await subscribeDinsos(w, n);
      return {};
    },
    expect: { ...ADMINS, wrongAdmin: 'scoped' },
  },
  institution: { op: '{ institution(code: "DINSOS-PROBOLINGGO") { code name } }', vars: () => ({}), expect: SIGNED_IN },
  institutions: { op: '{ institutions(first: 100) { totalCount edges { node { code } } } }', vars: () => ({}), expect: { ...ADMINS, wrongAdmin: 'scoped' } },
  learner: { op: 'query($nip: String!) { learner(nip: $nip) { nip name } }', vars: (w) => ({ nip: w.learnerNip }), expect: HOLDER_OR_ADMINS },
  learners: {
    op: '{ learners(first: 100) { totalCount edges { node { nip email institution { code } } } } }',
    vars: () => ({}),
    expect: { ...BROWSE_SCOPED, learner: 'ok' },
  },
  webinarSeries: { op: '{ webinarSeries(first: 100) { totalCount edges { node { code organizer { code } } } } }', vars: () => ({}), expect: BROWSE_SCOPED },
  certificates: { op: '{ certificates(first: 100) { totalCount edges { node { number } } } }', vars: () => ({}), expect: { ...BROWSE_SCOPED, learner: 'ok' } },
  certificateRules: {
    op: '{ certificateRules(first: 100) { totalCount edges { node { code institution { code } } } } }',
    vars: () => ({}),
    expect: BROWSE_SCOPED,
  },
  positions: { op: '{ positions(first: 100) { totalCount edges { node { code } } } }', vars: () => ({}), expect: SIGNED_IN },
  node: {
    op: 'query($id: ID!) { node(id: $id) { id ... on Certificate { number } } }',
    vars: (w) => ({ id: w.certificateId }),
    expect: HOLDER_OR_ADMINS,
  },
  verifyCertificate: { op: 'query($c: String!) { verifyCertificate(code: $c) { valid number } }', vars: (w) => ({ c: w.verificationCode }), expect: PUBLIC },
  viewer: { op: '{ viewer { role name } }', vars: () => ({}), expect: SIGNED_IN },
  webinarSession: { op: '{ webinarSession(seriesCode: "MITK", number: 41) { title } }', vars: () => ({}), expect: PUBLIC },
  webinarSessions: { op: '{ webinarSessions(first: 5) { totalCount edges { node { title } } } }', vars: () => ({}), expect: PUBLIC },

  // --- mutations (denied roles run first; an allowed call may change what a later allowed call sees)
  createApiToken: {
    op: `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { name } ${userErrors} } }`,
    vars: (w, n) => ({ input: { name: `matrix ${n}`, role: 'LEARNER', nip: w.learnerNip } }),
    expect: ADMINS,
  },
  createWebhookSubscription: {
    op: `mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input) { subscription { url } secret ${userErrors} } }`,
    vars: (_w, n) => ({ input: { institutionCode: 'DINSOS-PROBOLINGGO', url: `https://hr.probolinggokab.go.id/new/${n}`, eventTypes: ['LEARNER_CHANGED'] } }),
    expect: ADMINS,
  },
  updateWebhookSubscription: {
    op: `mutation($input: UpdateWebhookSubscriptionInput!) { updateWebhookSubscription(input: $input) { subscription { url active } ${userErrors} } }`,
    vars: async (w, n) => ({ input: { id: toGlobalId('WebhookSubscription', (await subscribeDinsos(w, n)).subscriptionId), url: `https://hr.probolinggokab.go.id/moved/${n}` } }),
    expect: ADMINS,
  },
  redeliverWebhook: {
    op: `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { delivery { status } ${userErrors} } }`,
    vars: async (w, n) => ({ input: { deliveryId: toGlobalId('WebhookDelivery', (await subscribeDinsos(w, n)).deliveryId) } }),
    expect: ADMINS,
  },
  registerIdentityProvider: {
    op: `mutation($input: RegisterIdentityProviderInput!) { registerIdentityProvider(input: $input) { identityProvider { name } ${userErrors} } }`,
    vars: (_w, n) => ({ input: { name: `matrix ${n}`, issuer: 'https://sso.probolinggokab.go.id', audience: `matrix-${n}`, institutionCode: 'DINSOS-PROBOLINGGO' } }),
    expect: SUPERADMIN_ONLY,
  },
  setIdentityProviderActive: {
    op: `mutation($input: SetIdentityProviderActiveInput!) { setIdentityProviderActive(input: $input) { identityProvider { active } ${userErrors} } }`,
    vars: async (w, n) => ({ input: { id: toGlobalId('IdentityProvider', await registerProvider(w, n)), active: false } }),
    expect: SUPERADMIN_ONLY,
  },
  revokeApiToken: {
    op: `mutation($id: ID!) { revokeApiToken(id: $id) { apiToken { name } ${userErrors} } }`,
    vars: async (w, n) => {
      const r = await w.t.app.services.access.create(SYSTEM, { name: `to revoke ${n}`, role: 'LEARNER', nip: demoNip(1) });
      if (!r.ok) throw new Error('token');
      return { id: toGlobalId('ApiToken', r.value.apiToken.id) };
    },
    expect: ADMINS,
  },
  createAssessment: {
    op: `mutation($input: CreateAssessmentInput!) { createAssessment(input: $input) { assessment { title } ${userErrors} } }`,
    vars: (w, n) => ({ input: { sessionId: w.sessionId, kind: 'EVALUATION', title: `Evaluation ${n}`, maxScore: 100 } }),
    expect: ADMINS,
  },
  createCohort: {
    op: `mutation($input: CreateCohortInput!) { createCohort(input: $input) { cohort { code } ${userErrors} } }`,
    vars: (_w, n) => ({
      input: { code: `MATRIX-${n}`, name: 'Matrix cohort', curriculumCode: 'APK-PROBOLINGGO', institutionCode: 'KAB-PROBOLINGGO', startDate: '2026-01-05' },
    }),
    expect: ADMINS,
  },
  createInstitution: {
    op: `mutation($input: CreateInstitutionInput!) { createInstitution(input: $input) { institution { code } ${userErrors} } }`,
    vars: (_w, n) => ({ input: { code: `MATRIX-${n}`, name: `Unit ${n}`, kind: 'GOVERNMENT_UNIT', parentCode: 'KAB-PROBOLINGGO' } }),
    expect: ADMINS,
  },
  createWebinarSeries: {
    op: `mutation($input: CreateWebinarSeriesInput!) { createWebinarSeries(input: $input) { series { code } ${userErrors} } }`,
    vars: (_w, n) => ({ input: { code: `MATRIX-${n}`, title: 'Matrix series', organizerCode: 'BPSDM-JATIM' } }),
    expect: ADMINS,
  },
  defineCertificateRule: {
    op: `mutation($input: DefineCertificateRuleInput!) { defineCertificateRule(input: $input) { rule { code version } ${userErrors} } }`,
    vars: (_w, n) => ({
      input: { code: `MATRIX-${n}`, name: 'Matrix rule', institutionCode: 'BPSDM-JATIM', criteria: [{ kind: 'ATTENDANCE_MINUTES', threshold: 30 }] },
    }),
    expect: ADMINS,
  },
  enrollLearners: {
    op: `mutation($input: EnrollLearnersInput!) { enrollLearners(input: $input) { ${userErrors} } }`,
    vars: (w) => ({ input: { cohortId: w.cohortId, nips: [w.learnerNip] } }),
    expect: ADMINS,
  },
  importLearners: {
    op: `mutation($input: ImportLearnersInput!) { importLearners(input: $input) { created updated unchanged ${userErrors} } }`,
    vars: (_w, n) => ({ input: { institutionCode: 'DINSOS-PROBOLINGGO', learners: [{ nip: demoNip(100 + n), name: `New ${n}`, employmentType: 'PNS' }] } }),
    expect: ADMINS,
  },
  importLearnersFile: {
    op: `mutation($input: ImportLearnersFileInput!) { importLearnersFile(input: $input) { created problems { line } ${userErrors} } }`,
    vars: (_w, n) => ({ input: { institutionCode: 'DINSOS-PROBOLINGGO', fileName: 'pegawai.csv', format: 'CSV', content: `NIP,Nama,Jenis Pegawai\n${demoNip(300 + n)},File ${n},PNS` } }),
    expect: ADMINS,
  },
  importAttendanceForm: {
    op: `mutation($input: ImportAttendanceFormInput!) { importAttendanceForm(input: $input) { import { duplicate rowsTotal } ${userErrors} } }`,
    vars: (w) => ({ input: { sessionId: w.sessionId, fileName: 'form.csv', format: 'CSV', content: `NIP,Timestamp\n${w.learnerNip},2000-01-01T00:00:00Z` } }),
    expect: ADMINS,
  },
  importAssessmentScoresFile: {
    op: `mutation($input: ImportAssessmentScoresFileInput!) { importAssessmentScoresFile(input: $input) { recorded ${userErrors} } }`,
    vars: (w) => ({ input: { assessmentId: w.assessmentId, fileName: 'nilai.csv', format: 'CSV', content: `NIP,Nilai\n${w.learnerNip},80` } }),
    expect: ADMINS,
  },
  importZoomAttendance: {
    op: `mutation($input: ImportZoomAttendanceInput!) { importZoomAttendance(input: $input) { import { duplicate rowsTotal } ${userErrors} } }`,
    vars: (w) => ({ input: { sessionId: w.sessionId, fileName: 'matrix.csv', csv: zoomCsv } }),
    expect: ADMINS,
  },
  issueCertificates: {
    op: `mutation($input: IssueCertificatesInput!) { issueCertificates(input: $input) { issuedCount ${userErrors} } }`,
    vars: (w) => ({ input: { sessionId: w.sessionId, dryRun: true } }),
    expect: ADMINS,
  },
  recordAssessmentScores: {
    op: `mutation($input: RecordAssessmentScoresInput!) { recordAssessmentScores(input: $input) { ${userErrors} } }`,
    vars: (w) => ({ input: { assessmentId: w.assessmentId, scores: [{ nip: w.learnerNip, score: 80 }] } }),
    expect: ADMINS,
  },
  recordAttendance: {
    op: `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { ${userErrors} } }`,
    vars: (w) => ({ input: { sessionId: w.sessionId, source: 'MANUAL', entries: [{ nip: w.learnerNip, minutes: 170 }] } }),
    expect: ADMINS,
  },
  recordCompetencyAssessments: {
    op: `mutation($input: RecordCompetencyAssessmentsInput!) { recordCompetencyAssessments(input: $input) { ${userErrors} } }`,
    vars: (w) => ({ input: { assessments: [{ nip: w.learnerNip, competencyCode: 'M.01', level: 3, assessedAt: '2025-09-15T09:00:00+07:00' }] } }),
    expect: ADMINS,
  },
  recordModuleCompletions: {
    op: `mutation($input: RecordModuleCompletionsInput!) { recordModuleCompletions(input: $input) { ${userErrors} } }`,
    vars: (w) => ({ input: { cohortId: w.cohortId, completions: [{ nip: w.learnerNip, moduleCode: 'M06', completedAt: '2025-12-17T15:00:00+07:00' }] } }),
    expect: ADMINS,
  },
  resolveUnmatchedAttendance: {
    op: `mutation($input: ResolveUnmatchedAttendanceInput!) { resolveUnmatchedAttendance(input: $input) { ${userErrors} } }`,
    vars: (w) => ({ input: { rowId: w.unmatchedRowId, nip: demoNip(20) } }),
    expect: ADMINS,
  },
  registerForWebinarSession: {
    op: `mutation($input: RegisterForWebinarSessionInput!) { registerForWebinarSession(input: $input) { registered ${userErrors} } }`,
    vars: (w) => ({ input: { sessionId: w.sessionId, nips: [w.learnerNip] } }),
    // A LEARNER registers themself only: naming someone is a userError, not a refusal.
    expect: HOLDER_OR_ADMINS,
  },
  revokeCertificate: {
    op: `mutation($input: RevokeCertificateInput!) { revokeCertificate(input: $input) { certificate { status } ${userErrors} } }`,
    vars: (w) => ({ input: { number: w.certificateNumber, reason: 'Access matrix' } }),
    expect: ADMINS,
  },
  scheduleWebinarSession: {
    op: `mutation($input: ScheduleWebinarSessionInput!) { scheduleWebinarSession(input: $input) { session { number } ${userErrors} } }`,
    vars: (_w, n) => ({
      input: { seriesCode: 'MITK', number: 100 + n, title: 'Matrix session', startsAt: '2027-01-05T09:00:00+07:00', endsAt: '2027-01-05T11:00:00+07:00', jp: 2 },
    }),
    expect: ADMINS,
  },
  setCertificateSignatory: {
    op: `mutation($input: SetCertificateSignatoryInput!) { setCertificateSignatory(input: $input) { signatory { name maskedNip revision } ${userErrors} } }`,
    vars: (_w, n) => ({ input: { institutionCode: 'BPSDM-JATIM', name: `Penandatangan ${n}`, position: 'Kepala BPSDM', nip: '196905121995031004' } }),
    expect: ADMINS,
  },
  syncCurricula: {
    op: `mutation($input: SyncCurriculaInput!) { syncCurricula(input: $input) { results { outcome userErrors { code } } ${userErrors} } }`,
    vars: (_w, n) => ({ input: { curricula: [curriculum(n)] } }),
    expect: CURRICULUM_WRITERS,
  },
  updateInstitution: {
    op: `mutation($input: UpdateInstitutionInput!) { updateInstitution(input: $input) { institution { code revision } ${userErrors} } }`,
    vars: (_w, n) => ({ input: { code: 'DINKES-PROBOLINGGO', name: `Dinas Kesehatan ${n}` } }),
    expect: ADMINS,
  },
  updateWebinarSession: {
    op: `mutation($input: UpdateWebinarSessionInput!) { updateWebinarSession(input: $input) { session { title } ${userErrors} } }`,
    vars: (w, n) => ({ input: { sessionId: w.sessionId, title: `Sesi 41 (${n})` } }),
    expect: ADMINS,
  },
  cancelWebinarSession: {
    op: `mutation($input: CancelWebinarSessionInput!) { cancelWebinarSession(input: $input) { session { status } ${userErrors} } }`,
    vars: async (w, n) => {
      const times = { startsAt: '2027-02-05T09:00:00+07:00', endsAt: '2027-02-05T11:00:00+07:00' };
      const r = await w.t.app.services.webinars.scheduleSession(SYSTEM, { seriesCode: 'MITK', number: 500 + n, title: 'To cancel', jp: 2, ...times });
      if (!r.ok) throw new Error('session');
      return { input: { sessionId: toGlobalId('WebinarSession', r.value.id), reason: 'Access matrix' } };
    },
    expect: ADMINS,
  },
  updateCohort: {
    op: `mutation($input: UpdateCohortInput!) { updateCohort(input: $input) { cohort { name } ${userErrors} } }`,
    vars: (w, n) => ({ input: { cohortId: w.cohortId, name: `Angkatan ${n}` } }),
    expect: ADMINS,
  },
  withdrawEnrollment: {
    op: `mutation($input: WithdrawEnrollmentInput!) { withdrawEnrollment(input: $input) { enrollment { status } ${userErrors} } }`,
    vars: async (w, n) => {
      const nip = demoNip(200 + n);
      const imported = await w.t.app.services.learners.importLearners(SYSTEM, { institutionCode: 'DINSOS-PROBOLINGGO', learners: [{ nip, name: `Withdrawn ${n}`, employmentType: 'PNS' }] });
      const cohortId = Number(Buffer.from(w.cohortId, 'base64url').toString().split(':')[1]);
      const enrolled = await w.t.app.services.enrollments.enroll(SYSTEM, { cohortId, nips: [nip] });
      if (!imported.ok || !enrolled.ok) throw new Error('enrolment');
      const row = (await sqlRow<{ id: number }>(w.t.app.db, 'SELECT e.id FROM enrollments e JOIN learners l ON l.id = e.learner_id WHERE l.nip = ?', nip))!;
      return { input: { enrollmentId: toGlobalId('Enrollment', row.id), reason: 'Access matrix' } };
    },
    expect: ADMINS,
  },
  updateAssessment: {
    op: `mutation($input: UpdateAssessmentInput!) { updateAssessment(input: $input) { assessment { title } ${userErrors} } }`,
    vars: (w, n) => ({ input: { assessmentId: w.assessmentId, title: `Evaluasi ${n}` } }),
    expect: ADMINS,
  },
  updateLearner: {
    op: `mutation($input: UpdateLearnerInput!) { updateLearner(input: $input) { learner { name } ${userErrors} } }`,
    vars: (w) => ({ input: { learnerId: w.learnerId, participantCategory: 'ASN' } }),
    expect: ADMINS,
  },
  deactivateLearner: {
    op: `mutation($input: DeactivateLearnerInput!) { deactivateLearner(input: $input) { learner { active } ${userErrors} } }`,
    vars: async (w, n) => {
      const nip = demoNip(300 + n);
      const r = await w.t.app.services.learners.importLearners(SYSTEM, { institutionCode: 'DINSOS-PROBOLINGGO', learners: [{ nip, name: `Leaving ${n}`, employmentType: 'PNS' }] });
      if (!r.ok) throw new Error('learner');
      const row = (await sqlRow<{ id: number }>(w.t.app.db, 'SELECT id FROM learners WHERE nip = ?', nip))!;
      return { input: { learnerId: toGlobalId('Learner', row.id), reason: 'Access matrix' } };
    },
    expect: ADMINS,
  },
  dismissUnmatchedAttendance: {
    op: `mutation($input: DismissUnmatchedAttendanceInput!) { dismissUnmatchedAttendance(input: $input) { dismissed ${userErrors} } }`,
    vars: (w) => ({ input: { rowIds: [w.unmatchedRowId], reason: 'Access matrix' } }),
    expect: ADMINS,
  },
  upsertCompetencyFramework: {
    op: `mutation($input: CompetencyFrameworkInput!) { upsertCompetencyFramework(input: $input) { outcome ${userErrors} } }`,
    vars: (_w, n) => ({
      input: { code: `MATRIX-${n}`, name: 'Matrix framework', version: 1, competencies: [{ code: `MX${n}.01`, name: 'Matrix', group: 'TECHNICAL', levels: [{ level: 1, description: 'Basic' }] }] },
    }),
    expect: { ...SUPERADMIN_ONLY, sync: 'ok' },
  },
  upsertCurriculum: {
    op: `mutation($input: CurriculumInput!) { upsertCurriculum(input: $input) { outcome ${userErrors} } }`,
    vars: (_w, n) => ({ input: curriculum(1000 + n) }),
    expect: CURRICULUM_WRITERS,
  },
  upsertPosition: {
    op: `mutation($input: UpsertPositionInput!) { upsertPosition(input: $input) { position { code } ${userErrors} } }`,
    vars: (_w, n) => ({ input: { code: `MATRIX-${n}`, name: 'Matrix position', requirements: [{ competencyCode: 'M.01', level: 2 }] } }),
    expect: SUPERADMIN_ONLY,
  },
};

const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));
const rootFields = (type: GraphQLObjectType | null | undefined) => Object.keys(type?.getFields() ?? {});

/** What the world holds that only the right admin's scope may see. */
const privateMarkers = (w: World) => [w.learnerNip, w.certificateNumber, 'DINSOS-PROBOLINGGO', 'issueCertificates'];

/** userErrors anywhere in a payload (batch mutations report them per item). */
function userErrorCodes(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(userErrorCodes);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'userErrors' ? (v as { code: string }[]).map((e) => e.code) : userErrorCodes(v)));
}

/**
 * UNAUTHENTICATED or FORBIDDEN as a GraphQL error, or FORBIDDEN as a userError
 * (mutations that refuse an out-of-scope input field, e.g. a parent institution).
 */
function outcomeOf(r: GraphQLResponse, field: string): string {
  const codes = (r.errors ?? []).map((e) => e.extensions?.code);
  if (codes.includes('UNAUTHENTICATED')) return 'UNAUTHENTICATED';
  if (codes.includes('FORBIDDEN')) return 'FORBIDDEN';
  if (codes.length) return `error ${JSON.stringify(r.errors)}`;
  const payload = r.data?.[field];
  if (userErrorCodes(payload).includes('FORBIDDEN')) return 'FORBIDDEN';
  if (payload === null || payload === undefined) return 'no data';
  return 'ok';
}

/** A denied call shows nothing: beside userErrors (and a batch item's INVALID outcome) every value is empty. */
function showsNothing(value: unknown): boolean {
  if (value === null || value === undefined || value === 'INVALID') return true;
  if (Array.isArray(value)) return value.every(showsNothing);
  if (typeof value !== 'object') return false;
  return Object.entries(value).every(([k, v]) => k === 'userErrors' || showsNothing(v));
}

let w: World;
beforeAll(async () => {
  w = await buildWorld();
}, 120_000);
afterAll(() => w.t.close());

describe('access matrix', () => {
  it('has an entry for every Query and Mutation field of schema.graphql, and no other', () => {
    const fields = [...rootFields(schema.getQueryType()), ...rootFields(schema.getMutationType())].sort();
    expect(Object.keys(ENTRIES).sort()).toEqual(fields);
  });

  let n = 0;
  it.each(Object.keys(ENTRIES))('%s', async (field) => {
    const entry = ENTRIES[field];
    const got: Partial<Record<MatrixRole, string>> = {};
    for (const role of ROLES) {
      const variables = await entry.vars(w, ++n);
      const before = await tableCounts(w.t);
      const r = await w.t.gql(entry.op, variables, w.tokens[role]);
      const expected = entry.expect[role];
      got[role] = outcomeOf(r, field);
      if (expected === 'FORBIDDEN' || expected === 'UNAUTHENTICATED') {
        expect(showsNothing(r.data?.[field]), `${role} sees data: ${JSON.stringify(r.data)}`).toBe(true);
        expect(await tableCounts(w.t), `${role} wrote rows`).toEqual(before);
      }
      if (expected === 'scoped') {
        got[role] = got[role] === 'ok' ? 'scoped' : got[role];
        for (const marker of privateMarkers(w)) expect(JSON.stringify(r.data)).not.toContain(marker);
      }
    }
    expect(got).toEqual(entry.expect);
  });
});

/**
 * Every path that reaches a learner's own data from another object: the
 * learner, their institution's admins (the right admin) and the superadmin
 * read it; an organiser's or issuer's path does not open it, and nobody else
 * gets past the object it hangs on.
 */
const LEARNER_DATA = `email employmentType institution { code } position { code } enrollments { totalCount } competencyProfile { requiredLevel }
  certificates { totalCount } learningHours(year: 2024) { earnedJp } attendances { totalCount } competencyAssessments { totalCount }`;
const NESTED: Record<string, Entry & { root: string }> = {
  'learner(nip:) { …learner data }': {
    root: 'learner',
    op: `query($nip: String!) { learner(nip: $nip) { nip ${LEARNER_DATA} } }`,
    vars: (w) => ({ nip: w.learnerNip }),
    expect: HOLDER_OR_ADMINS,
  },
  'node(id:) on Learner { …learner data }': {
    root: 'node',
    op: `query($id: ID!) { node(id: $id) { ... on Learner { nip ${LEARNER_DATA} } } }`,
    vars: (w) => ({ id: w.learnerId }),
    // node answers null for what the viewer may not read, as it does for what does not exist.
    expect: { ...HOLDER_OR_ADMINS, wrongAdmin: 'no data', sync: 'no data' } as unknown as Expectation,
  },
  'webinarSession { attendances { learner { …learner data } } }': {
    root: 'webinarSession',
    op: `{ webinarSession(seriesCode: "MITK", number: 41) { attendances(first: 100) { edges { node { learner { nip ${LEARNER_DATA} } } } } } }`,
    vars: () => ({}),
    expect: ADMINS,
  },
  'certificate(number:) { learner { …learner data } }': {
    root: 'certificate',
    op: `query($n: String!) { certificate(number: $n) { learner { nip ${LEARNER_DATA} } } }`,
    vars: (w) => ({ n: w.certificateNumber }),
    expect: HOLDER_OR_ADMINS,
  },
  'webinarSession { eligibility { learner { …learner data } } }': {
    root: 'webinarSession',
    op: `{ webinarSession(seriesCode: "MITK", number: 41) { eligibility(first: 100) { edges { node { learner { nip ${LEARNER_DATA} } } } } } }`,
    vars: () => ({}),
    expect: ADMINS,
  },
  'institution { tkpkLearningReport }': {
    root: 'institution',
    op: '{ institution(code: "DINSOS-PROBOLINGGO") { tkpkLearningReport(from: "2024-01-01", to: "2025-12-31") { byStrategy { strategy learners } } } }',
    vars: () => ({}),
    expect: ADMINS,
  },
  'viewer { learner { …learner data } }': {
    root: 'viewer',
    op: `{ viewer { learner { nip ${LEARNER_DATA} } } }`,
    vars: () => ({}),
    // Only a LEARNER token has a learner; the others read null.
    expect: SIGNED_IN,
  },
};

describe('access matrix, nested paths', () => {
  it.each(Object.keys(NESTED))('%s', async (path) => {
    const entry = NESTED[path];
    const got: Partial<Record<MatrixRole, string>> = {};
    for (const role of ROLES) {
      const r = await w.t.gql(entry.op, await entry.vars(w, 0), w.tokens[role]);
      got[role] = outcomeOf(r, entry.root);
      if (got[role] !== 'ok') expect(JSON.stringify(r.data ?? null), `${role} reads ${path}`).not.toContain(w.learnerNip);
    }
    expect(got).toEqual(entry.expect);
  });
});
