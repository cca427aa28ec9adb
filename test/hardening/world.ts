import { SYSTEM } from '../../src/auth/viewer';
import { unwrap } from '../../src/seed/unwrap';
import { toGlobalId } from '../../src/graphql/node';
import { demoNip } from '../../src/seed/demo-people';
import type { AppOptions } from '../../src/app';
import { dataTables } from '../../src/db/tables';
import { startTestApp, type TestApp } from '../support/app';
import { sqlCount, sqlRow } from '../support/sql';

export type MatrixRole = 'anonymous' | 'learner' | 'rightAdmin' | 'wrongAdmin' | 'sync' | 'superadmin';
export const ROLES: MatrixRole[] = ['anonymous', 'learner', 'wrongAdmin', 'sync', 'rightAdmin', 'superadmin'];

export interface World {
  t: TestApp;
  tokens: Record<MatrixRole, string | null>;
  /** Siti Nurhaliza (DINSOS-PROBOLINGGO): the LEARNER token's own NIP; she holds the certificate. */
  learnerNip: string;
  learnerId: string;
  /** Session 41 of MITK, organised by BPSDM-JATIM, with Zoom and form attendance. */
  sessionId: string;
  certificateNumber: string;
  certificateId: string;
  verificationCode: string;
  cohortId: string;
  cohortCode: string;
  assessmentId: string;
  unmatchedRowId: string;
}


const one = async <T>(t: TestApp, sql: string): Promise<T> => (await sqlRow<T>(t.app.db, sql))!;

/**
 * The demo seed (institutions, learners, frameworks, curricula, a cohort,
 * session 41 with attendance) plus a certificate rule, issued certificates
 * and an assessment, all through the services as SYSTEM; one token per role.
 * The right admin manages PEMPROV-JATIM (and so BPSDM-JATIM and Kabupaten
 * Probolinggo below it); the wrong admin manages KAB-INDRAMAYU.
 */
export async function buildWorld(env: Record<string, string> = {}, options: AppOptions = {}): Promise<World> {
  // The webhook worker stays still: no delivery written in the background between a call and its table counts.
  const t = await startTestApp({ SEED_DEMO: 'true', ...env }, { webhookWorker: { autoStart: false }, ...options });
  const s = t.app.services;
  const learnerNip = demoNip(0);
  const session = await one<{ id: number }>(t, "SELECT id FROM webinar_sessions WHERE number = 41");
  const sessionId = toGlobalId('WebinarSession', session.id);
  // A simpler next version of the demo's rule, so that the LEARNER token's own learner holds a certificate.
  const criteria = [{ kind: 'ATTENDANCE_MINUTES' as const, threshold: 60 }];
  unwrap('rule', await s.certificateRules.define(SYSTEM, { code: 'MITK-E-CERT', name: 'Sertifikat MITK', institutionCode: 'BPSDM-JATIM', criteria }));
  unwrap('certificates', await s.certificates.issue(SYSTEM, { type: 'SESSION', id: session.id }, false));
  const learner = await one<{ id: number }>(t, `SELECT id FROM learners WHERE nip = '${learnerNip}'`);
  const certificate = await one<{ id: number; number: string; verification_code: string }>(
    t,
    `SELECT id, number, verification_code FROM certificates WHERE learner_id = ${learner.id}`,
  );
  const subject = { type: 'SESSION' as const, id: session.id };
  const assessment = unwrap('assessment', await s.assessments.create(SYSTEM, { subject, kind: 'EVALUATION', title: 'Evaluasi', maxScore: 100 }));
  const cohort = await one<{ id: number; code: string }>(t, 'SELECT id, code FROM cohorts ORDER BY id LIMIT 1');
  const unmatched = await one<{ id: number }>(t, 'SELECT id FROM unmatched_attendance_rows ORDER BY id LIMIT 1');
  const tokens: Record<MatrixRole, string | null> = {
    anonymous: null,
    learner: await t.token('LEARNER', { nip: learnerNip }),
    rightAdmin: await t.token('INSTITUTION_ADMIN', { institutionCode: 'PEMPROV-JATIM' }),
    wrongAdmin: await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-INDRAMAYU' }),
    sync: await t.token('SYNC_CLIENT', { institutionCode: 'KAB-PROBOLINGGO' }),
    superadmin: t.adminToken,
  };
  return {
    t,
    tokens,
    learnerNip,
    learnerId: toGlobalId('Learner', learner.id),
    sessionId,
    certificateNumber: certificate.number,
    certificateId: toGlobalId('Certificate', certificate.id),
    verificationCode: certificate.verification_code,
    cohortId: toGlobalId('Cohort', cohort.id),
    cohortCode: cohort.code,
    assessmentId: toGlobalId('Assessment', assessment.id),
    unmatchedRowId: toGlobalId('UnmatchedAttendanceRow', unmatched.id),
  };
}

/** Row counts of every table: a denied or refused call must leave them all unchanged. */
export async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = await dataTables(t.app.db.read).all();
  const counts: Record<string, number> = {};
  for (const { name } of tables) counts[name] = await sqlCount(t.app.db, `SELECT count(*) AS n FROM "${name}"`);
  return counts;
}

