import { SYSTEM } from '../auth/viewer';
import type { CompetencyGroupName } from '../db/schema';
import type { CurriculumData } from '../modules/curricula/curriculum-content';
import type { Services } from '../composition/services';
import type { Unwrap } from './unwrap';
import { DEMO_LEARNERS } from './demo-people';


const LEVEL_TEXT = [
  (n: string) => `Memahami dasar-dasar ${n} dan menerapkannya dengan bimbingan`,
  (n: string) => `Menerapkan ${n} dalam tugas rutin secara mandiri`,
  (n: string) => `Menerapkan ${n} dalam situasi yang beragam dan membimbing rekan kerja`,
  (n: string) => `Mengembangkan praktik ${n} di tingkat unit kerja`,
  (n: string) => `Menjadi rujukan dan menetapkan arah ${n} di tingkat instansi`,
];

const competency = (code: string, name: string, group: CompetencyGroupName, description?: string) => ({
  code,
  name,
  group,
  description: description ?? null,
  levels: LEVEL_TEXT.map((text, i) => ({ level: i + 1, description: text(name.toLowerCase()) })),
});

/** PermenPANRB 38/2017: managerial M.01-M.08 and the socio-cultural competency. */
const NATIONAL_FRAMEWORK = {
  code: 'PERMENPANRB-38-2017',
  name: 'Standar Kompetensi Jabatan ASN: manajerial dan sosial kultural (PermenPANRB 38/2017)',
  version: 1,
  competencies: [
    competency('M.01', 'Integritas', 'MANAGERIAL'),
    competency('M.02', 'Kerjasama', 'MANAGERIAL'),
    competency('M.03', 'Komunikasi', 'MANAGERIAL'),
    competency('M.04', 'Orientasi pada Hasil', 'MANAGERIAL'),
    competency('M.05', 'Pelayanan Publik', 'MANAGERIAL'),
    competency('M.06', 'Pengembangan Diri dan Orang Lain', 'MANAGERIAL'),
    competency('M.07', 'Mengelola Perubahan', 'MANAGERIAL'),
    competency('M.08', 'Pengambilan Keputusan', 'MANAGERIAL'),
    competency('SK.01', 'Perekat Bangsa', 'SOCIO_CULTURAL', 'Mendorong sikap toleransi, keterbukaan dan persatuan dalam keberagaman'),
  ],
};

const POVERTY_FRAMEWORK = {
  code: 'TEKNIS-PENGENTASAN-KEMISKINAN',
  name: 'Kompetensi Teknis Pengentasan Kemiskinan',
  version: 1,
  competencies: [
    competency('TPK.01', 'Analisis Data Kemiskinan', 'TECHNICAL', 'Mengolah DTKS dan Regsosek untuk menetapkan sasaran program'),
    competency('TPK.02', 'Perencanaan Program Penanggulangan Kemiskinan', 'TECHNICAL'),
    competency('TPK.03', 'Pemberdayaan Ekonomi Masyarakat', 'TECHNICAL', 'BUMDes, UMKM, kelompok perempuan dan penyandang disabilitas'),
    competency('TPK.04', 'Koordinasi Lintas Sektor', 'TECHNICAL', 'Kerja Tim Koordinasi Penanggulangan Kemiskinan (TKPK)'),
    competency('TPK.05', 'Monitoring dan Evaluasi Program', 'TECHNICAL'),
  ],
};

const req = (list: [string, number][]) => list.map(([competencyCode, level]) => ({ competencyCode, level }));

const POSITIONS = [
  { code: 'PEKSOS-AP', name: 'Pekerja Sosial Ahli Pertama', requirements: req([['TPK.01', 2], ['TPK.03', 2], ['M.01', 2], ['M.05', 2], ['SK.01', 2]]) },
  { code: 'AKP-AM', name: 'Analis Kebijakan Ahli Muda', requirements: req([['TPK.01', 3], ['TPK.02', 3], ['TPK.05', 3], ['M.04', 3], ['M.08', 3], ['SK.01', 3]]) },
  { code: 'PENYULUH-AP', name: 'Penyuluh Pertanian Ahli Pertama', requirements: req([['TPK.03', 3], ['TPK.04', 2], ['M.03', 2], ['SK.01', 2]]) },
  { code: 'PENGELOLA-PROGRAM', name: 'Pengelola Program dan Kegiatan', requirements: req([['TPK.02', 2], ['TPK.04', 3], ['M.02', 3], ['M.07', 2], ['SK.01', 2]]) },
];

export const DEMO_ACADEMY: CurriculumData = {
  code: 'APK-PROBOLINGGO',
  version: 1,
  title: 'Akademi Pengentasan Kemiskinan',
  description:
    'Corporate University Kabupaten Probolinggo bersama LAN dan BP Taskin: pembelajaran berbasis hasil dengan proyek lapangan di desa sasaran.',
  ownerCode: 'KAB-PROBOLINGGO',
  status: 'PUBLISHED',
  approach: 'OUTCOME_BASED',
  outcomes: [
    { code: 'CP1', statement: 'Menetapkan sasaran program dari data kemiskinan terpadu (DTKS, Regsosek)', competencyCode: 'TPK.01', targetLevel: 3 },
    { code: 'CP2', statement: 'Menyusun rencana aksi penanggulangan kemiskinan berbasis hasil', competencyCode: 'TPK.02', targetLevel: 3 },
    { code: 'CP3', statement: 'Mendampingi BUMDes, UMKM dan kelompok rentan menjalankan usaha', competencyCode: 'TPK.03', targetLevel: 3 },
    { code: 'CP4', statement: 'Mengoordinasikan perangkat daerah dalam TKPK', competencyCode: 'TPK.04', targetLevel: 2 },
    { code: 'CP5', statement: 'Mengukur capaian program dan memperbaikinya', competencyCode: 'M.04', targetLevel: 3 },
  ],
  modules: [
    { code: 'M01', title: 'Kebijakan percepatan pengentasan kemiskinan', jp: 6, deliveryMode: 'CLASSROOM', sequence: 1, outcomeCodes: ['CP2'] },
    { code: 'M02', title: 'Analisis data kemiskinan terpadu', jp: 12, deliveryMode: 'BLENDED', sequence: 2, outcomeCodes: ['CP1'] },
    { code: 'M03', title: 'Perencanaan program berbasis hasil', jp: 10, deliveryMode: 'CLASSROOM', sequence: 3, outcomeCodes: ['CP2', 'CP5'] },
    { code: 'M04', title: 'Pemberdayaan ekonomi: BUMDes dan UMKM', jp: 8, deliveryMode: 'E_LEARNING', sequence: 4, outcomeCodes: ['CP3'] },
    { code: 'M05', title: 'Proyek lapangan: pendampingan desa sasaran', jp: 24, deliveryMode: 'FIELD_PROJECT', sequence: 5, outcomeCodes: ['CP1', 'CP3', 'CP4'] },
    { code: 'M06', title: 'Coaching dan presentasi rencana aksi', jp: 6, deliveryMode: 'COACHING', sequence: 6, outcomeCodes: ['CP2', 'CP4', 'CP5'] },
  ],
  // Permendagri 53/2020: the academy serves community and micro-enterprise empowerment (BUMDes, UMKM) and coordination in TKPK.
  programGroups: ['COMMUNITY_AND_MICRO_ENTERPRISE_EMPOWERMENT'],
  strategies: ['RAISE_CAPABILITY_AND_INCOME', 'STRENGTHEN_MICRO_SMALL_ENTERPRISE', 'POLICY_SYNERGY'],
};

const SHORT_COURSES: CurriculumData[] = [
  {
    code: 'ANALISIS-DATA-KEMISKINAN',
    version: 1,
    title: 'Analisis Data Kemiskinan untuk Perencana Daerah',
    ownerCode: 'BPSDM-JATIM',
    status: 'PUBLISHED',
    approach: 'COMPETENCY_BASED',
    outcomes: [{ code: 'CP1', statement: 'Mengolah DTKS dan Regsosek untuk perencanaan', competencyCode: 'TPK.01', targetLevel: 4 }],
    modules: [
      { code: 'M01', title: 'Sumber data kemiskinan', jp: 4, deliveryMode: 'E_LEARNING', sequence: 1, outcomeCodes: ['CP1'] },
      { code: 'M02', title: 'Praktik analisis spasial', jp: 8, deliveryMode: 'WEBINAR', sequence: 2, outcomeCodes: ['CP1'] },
    ],
  },
  {
    code: 'INTEGRITAS-ASN',
    version: 1,
    title: 'Integritas dan Pelayanan Publik',
    ownerCode: 'LAN',
    status: 'PUBLISHED',
    approach: 'CONVENTIONAL',
    outcomes: [
      { code: 'CP1', statement: 'Bertindak jujur dan konsisten', competencyCode: 'M.01', targetLevel: 3 },
      { code: 'CP2', statement: 'Melayani dengan standar pelayanan', competencyCode: 'M.05', targetLevel: 3 },
    ],
    modules: [{ code: 'M01', title: 'Integritas ASN', jp: 6, deliveryMode: 'E_LEARNING', sequence: 1, outcomeCodes: ['CP1', 'CP2'] }],
  },
];

export const DEMO_COHORT = {
  code: 'APK-PROBOLINGGO-2025-I',
  name: 'Akademi Pengentasan Kemiskinan, Kabupaten Probolinggo, angkatan I',
  curriculumCode: DEMO_ACADEMY.code,
  institutionCode: 'KAB-PROBOLINGGO',
  startDate: '2025-10-07',
  endDate: '2025-12-19',
  certificateRuleCode: 'APK-CERT',
};

/**
 * Competency frameworks, positions (given to the 21 ASN, with assessments),
 * the academy's curriculum and short courses, and the academy's first cohort
 * with the 21 ASN and their progress so far. Runs after the learners.
 */
export async function seedDemoCurricula(services: Services, unwrap: Unwrap): Promise<void> {
  for (const framework of [NATIONAL_FRAMEWORK, POVERTY_FRAMEWORK]) {
    unwrap(`framework ${framework.code}`, await services.competencies.upsertFramework(SYSTEM, framework));
  }
  for (const position of POSITIONS) unwrap(`position ${position.code}`, await services.positions.upsert(SYSTEM, position));

  const asn = DEMO_LEARNERS.filter((l) => l.nip);
  const positionOf = (i: number) => POSITIONS[i % POSITIONS.length];
  for (const [i, l] of asn.entries()) {
    const learners = [{ ...l, positionCode: positionOf(i).code }];
    unwrap(`position of ${l.nip}`, await services.learners.importLearners(SYSTEM, { institutionCode: l.institutionCode, learners }));
  }
  const assessments = asn.flatMap((l, i) =>
    i % 5 === 4
      ? []
      : positionOf(i).requirements.map((r, j) => ({
          nip: l.nip!,
          competencyCode: r.competencyCode,
          level: ((i + j) % 4) + 1,
          assessedAt: '2025-09-15T09:00:00+07:00',
        })),
  );
  unwrap('assessments', await services.competencyAssessments.record(SYSTEM, { assessments }));

  const sync = unwrap('curricula', await services.curriculumSync.sync(SYSTEM, { curricula: [DEMO_ACADEMY, ...SHORT_COURSES] }));
  const failed = sync.results.filter((r) => r.outcome === 'INVALID');
  if (failed.length) throw new Error(`Seeding curricula failed: ${JSON.stringify(failed.map((r) => r.userErrors))}`);

  const cohort = unwrap('cohort', await services.cohorts.create(SYSTEM, DEMO_COHORT));
  const cohortId = cohort.id;
  unwrap('enrolment', await services.enrollments.enroll(SYSTEM, { cohortId, nips: asn.map((l) => l.nip!) }));
  const done: [string, string, number][] = [
    ['M01', '2025-10-08T15:00:00+07:00', 15],
    ['M02', '2025-10-22T15:00:00+07:00', 15],
    ['M03', '2025-11-05T15:00:00+07:00', 8],
    ['M04', '2025-11-12T15:00:00+07:00', 5],
    ['M05', '2025-12-10T15:00:00+07:00', 3],
    ['M06', '2025-12-17T15:00:00+07:00', 3],
  ];
  const completions = done.flatMap(([moduleCode, completedAt, howMany]) =>
    asn.slice(0, howMany).map((l, i) => ({ nip: l.nip!, moduleCode, completedAt, score: 70 + ((i * 7) % 30) })),
  );
  unwrap('module completions', await services.enrollments.recordCompletions(SYSTEM, { cohortId, completions }));
}
