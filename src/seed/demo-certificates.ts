import { SYSTEM } from '../auth/viewer';
import type { Services } from '../composition/services';
import { DEMO_LEARNERS } from './demo-people';
import type { Unwrap } from './unwrap';

/** The rules sessions and cohorts name; defined before them. */
export async function seedDemoRules(services: Services, unwrap: Unwrap): Promise<void> {
  unwrap(
    'rule MITK-E-CERT',
    await services.certificateRules.define(SYSTEM, {
      code: 'MITK-E-CERT',
      name: 'Sertifikat e-learning webinar Menuju Indonesia Tanpa Kemiskinan',
      institutionCode: 'BPSDM-JATIM',
      criteria: [
        { kind: 'ATTENDANCE_PERCENT', threshold: 75 },
        { kind: 'ASSESSMENT_SCORE', threshold: 70, assessmentKind: 'POST_TEST' },
        { kind: 'ASSESSMENT_SUBMITTED', assessmentKind: 'EVALUATION' },
      ],
    }),
  );
  unwrap(
    'rule APK-CERT',
    await services.certificateRules.define(SYSTEM, {
      code: 'APK-CERT',
      name: 'Sertifikat Akademi Pengentasan Kemiskinan',
      institutionCode: 'KAB-PROBOLINGGO',
      criteria: [{ kind: 'MODULES_COMPLETED_PERCENT', threshold: 100 }],
    }),
  );
}

/**
 * Session 41's post-test and evaluation, then its certificates, and the
 * certificates of the academy's first graduates: the demo shows eligibility
 * and yearly JP end to end.
 */
export async function seedDemoCertificates(services: Services, unwrap: Unwrap): Promise<void> {
  const session = await services.webinars.getSession('MITK', 41);
  if (!session) throw new Error('Seeding certificates needs webinar session 41');
  const subject = { type: 'SESSION' as const, id: session.id };
  const post = unwrap('post-test', await services.assessments.create(SYSTEM, { subject, kind: 'POST_TEST', title: 'Post-test', maxScore: 100, passingScore: 70 }));
  const evaluation = unwrap('evaluation', await services.assessments.create(SYSTEM, { subject, kind: 'EVALUATION', title: 'Evaluasi penyelenggaraan', maxScore: 5 }));
  const asn = DEMO_LEARNERS.filter((l) => l.nip);
  unwrap(
    'post-test scores',
    await services.assessments.recordScores(SYSTEM, post.id, asn.slice(0, 14).map((l, i) => ({ nip: l.nip, score: 55 + ((i * 7) % 45), submittedAt: '2024-10-24T11:50:00+07:00' }))),
  );
  unwrap(
    'evaluations',
    await services.assessments.recordScores(SYSTEM, evaluation.id, asn.slice(0, 12).map((l, i) => ({ nip: l.nip, score: 3 + (i % 3), submittedAt: '2024-10-24T12:05:00+07:00' }))),
  );
  unwrap('session 41 certificates', await services.certificates.issue(SYSTEM, subject, false));
  const cohort = await services.cohorts.getByCode(SYSTEM, 'APK-PROBOLINGGO-2025-I');
  if (cohort) unwrap('academy certificates', await services.certificates.issue(SYSTEM, { type: 'COHORT', id: cohort.id }, false));
}
