import { SYSTEM } from '../../auth/viewer';
import { POVERTY_STRATEGIES, TKPK_PROGRAM_GROUPS } from '../../db/schema';
import type { CurriculumData } from '../../modules/curricula/curriculum-content';
import { MAX_ASSESSMENTS } from '../../modules/competencies/competency-assessment.service';
import type { Services } from '../../composition/services';
import { unwrap } from '../unwrap';
import { POSITION_CODES } from './people';
import { bpsdmCode, scaleNip, type Log, type ScalePlan } from './plan';

const COMPETENCIES = [
  ...['Integritas', 'Kerjasama', 'Komunikasi', 'Orientasi pada Hasil', 'Pelayanan Publik', 'Pengembangan Diri', 'Mengelola Perubahan', 'Pengambilan Keputusan'].map(
    (name, i) => ({ code: `M.0${i + 1}`, name, group: 'MANAGERIAL' as const }),
  ),
  { code: 'SK.01', name: 'Perekat Bangsa', group: 'SOCIO_CULTURAL' as const },
  ...Array.from({ length: 11 }, (_, i) => ({ code: `T.${String(i + 1).padStart(2, '0')}`, name: `Kompetensi teknis ${i + 1}`, group: 'TECHNICAL' as const })),
];
export const COMPETENCY_CODES = COMPETENCIES.map((c) => c.code);
const competencyAt = (i: number) => COMPETENCY_CODES[i % COMPETENCY_CODES.length];

/** The national framework (20 competencies) and five positions that require six of them each. */
export async function seedFrameworkAndPositions(services: Services, log: Log): Promise<void> {
  const levels = [1, 2, 3, 4, 5].map((level) => ({ level, description: `Level ${level}` }));
  unwrap(
    'framework',
    await services.competencies.upsertFramework(SYSTEM, { code: 'NASIONAL', name: 'Standar Kompetensi ASN', version: 1, competencies: COMPETENCIES.map((c) => ({ ...c, levels })) }),
  );
  for (const [p, code] of POSITION_CODES.entries()) {
    const requirements = Array.from({ length: 6 }, (_, k) => ({ competencyCode: competencyAt(p * 3 + k), level: 2 + ((p + k) % 3) }));
    unwrap(`position ${code}`, await services.positions.upsert(SYSTEM, { code, name: `Jabatan ${code}`, requirements }));
  }
  log(`competencies: ${COMPETENCIES.length}, positions: ${POSITION_CODES.length}`);
}

const MODULES = 8;

export const curriculumCode = (i: number) => `KUR-${String(i).padStart(4, '0')}`;

function curriculum(i: number, ownerCode: string): CurriculumData {
  const outcomes = [0, 1, 2].map((k) => ({ code: `CP${k + 1}`, statement: `Capaian ${k + 1} kurikulum ${i}`, competencyCode: competencyAt(i + k * 7), targetLevel: 2 + ((i + k) % 3) }));
  const modules = Array.from({ length: MODULES }, (_, m) => ({
    code: `M${m + 1}`,
    title: `Modul ${m + 1}`,
    jp: 2 + (m % 4),
    deliveryMode: m === 7 ? ('FIELD_PROJECT' as const) : ('BLENDED' as const),
    sequence: m + 1,
    outcomeCodes: [`CP${(m % 3) + 1}`],
  }));
  // One in five serves poverty reduction (TKPK), as the filtered catalogue expects to find some.
  const tkpk = i % 5 === 0 ? { programGroups: [TKPK_PROGRAM_GROUPS[i % 3]], strategies: [POVERTY_STRATEGIES[i % 4]] } : {};
  return { code: curriculumCode(i), version: 1, title: `Kurikulum ${i}`, ownerCode, status: 'PUBLISHED', approach: i % 2 ? 'OUTCOME_BASED' : 'COMPETENCY_BASED', outcomes, modules, ...tkpk };
}

/** Curricula owned by the BPSDMs, synced 1,000 per call as a regional CorpU would push them. */
export async function seedCurricula(services: Services, plan: ScalePlan, log: Log): Promise<void> {
  for (let from = 0; from < plan.curricula; from += 1_000) {
    const batch = Array.from({ length: Math.min(1_000, plan.curricula - from) }, (_, j) => curriculum(from + j, bpsdmCode(((from + j) % plan.provinces) + 1)));
    const answer = unwrap('curricula', await services.curriculumSync.sync(SYSTEM, { curricula: batch }));
    const failed = answer.results.find((r) => r.userErrors.length > 0);
    if (failed) throw new Error(`curriculum ${failed.code}: ${failed.userErrors[0].message}`);
  }
  log(`curricula: ${plan.curricula}`);
}

/** Two assessed competencies for every tenth learner, 10,000 per call. */
export async function seedCompetencyAssessments(services: Services, plan: ScalePlan, log: Log): Promise<number> {
  let recorded = 0;
  let batch: { nip: string; competencyCode: string; level: number; assessedAt: string }[] = [];
  const flush = async () => {
    if (batch.length) recorded += unwrap('competency assessments', await services.competencyAssessments.record(SYSTEM, { assessments: batch })).recorded;
    batch = [];
  };
  for (let i = 0; i < plan.learners; i += plan.assessedEvery) {
    const position = i % POSITION_CODES.length;
    for (const k of [0, 1]) batch.push({ nip: scaleNip(i), competencyCode: competencyAt(position * 3 + k), level: 1 + (i % 4), assessedAt: `${plan.year}-03-01T09:00:00+07:00` });
    if (batch.length >= MAX_ASSESSMENTS) await flush();
  }
  await flush();
  log(`competency assessments: ${recorded}`);
  return recorded;
}

/** The j-th enrolled learner has finished the first j % 9 of the eight modules: every ninth none, every ninth all. */
const progressOf = (nips: string[], plan: ScalePlan) =>
  nips.flatMap((nip, j) => Array.from({ length: j % (MODULES + 1) }, (_, m) => ({ nip, moduleCode: `M${m + 1}`, completedAt: `${plan.year}-02-0${1 + (m % 9)}T10:00:00+07:00` })));

/** Cohorts of the BPSDMs' curricula, with enrolled learners spread over the whole population. */
export async function seedCohorts(services: Services, plan: ScalePlan, log: Log): Promise<number> {
  let enrolled = 0;
  let completions = 0;
  const stride = Math.floor(plan.learners / (plan.cohorts * plan.learnersPerCohort)) || 1;
  for (let c = 0; c < plan.cohorts; c++) {
    const owner = bpsdmCode((c % plan.provinces) + 1);
    const cohort = unwrap(
      `cohort ${c}`,
      await services.cohorts.create(SYSTEM, {
        code: `ANGKATAN-${String(c + 1).padStart(3, '0')}`,
        name: `Angkatan ${c + 1}`,
        curriculumCode: curriculumCode(c % plan.provinces),
        institutionCode: owner,
        startDate: `${plan.year}-0${1 + (c % 9)}-01`,
        endDate: `${plan.year}-0${1 + (c % 9)}-28`,
      }),
    );
    const nips = Array.from({ length: plan.learnersPerCohort }, (_, j) => scaleNip((c + (c * plan.learnersPerCohort + j) * stride) % plan.learners));
    enrolled += unwrap(`enrolment ${c}`, await services.enrollments.enroll(SYSTEM, { cohortId: cohort.id, nips })).enrolled;
    completions += unwrap(`completions ${c}`, await services.enrollments.recordCompletions(SYSTEM, { cohortId: cohort.id, completions: progressOf(nips, plan) })).recorded;
  }
  log(`cohorts: ${plan.cohorts}, enrolments: ${enrolled}, module completions: ${completions}`);
  return enrolled;
}
