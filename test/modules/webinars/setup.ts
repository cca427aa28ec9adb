import { SYSTEM } from '../../../src/auth/viewer';
import type { Services } from '../../../src/composition/services';

export const PEOPLE = {
  budi: { nip: '198501012010011001', email: 'budi.santoso@jatimprov.go.id', name: 'Budi Santoso', employmentType: 'PNS' as const },
  siti: { nip: '199002152015032002', email: 'siti.aminah@probolinggokab.go.id', name: 'Siti Aminah', employmentType: 'PNS' as const },
  agus: { nip: '198712312012121003', email: 'agus.salim@jatimprov.go.id', name: 'Agus Salim', employmentType: 'PNS' as const },
  rina: { nip: '199505052022212004', email: 'rina.w@probolinggokab.go.id', name: 'Rina Wulandari', employmentType: 'PPPK' as const },
  dewi: { nip: '199203032019032005', name: 'Dewi Lestari', employmentType: 'PNS' as const },
  mulyono: { email: 'mulyono@bumdes-sumberasih.id', name: 'Mulyono', employmentType: 'NON_ASN' as const },
};

function must<T>(r: { ok: true; value: T } | { ok: false; errors: { message: string }[] }): T {
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value;
}

/** Institutions and learners the webinar tests share, written through the services. */
export async function seedPeople(services: Services): Promise<void> {
  const institutions = [
    { code: 'PEMPROV-JATIM', name: 'Pemprov Jawa Timur', kind: 'LOCAL_GOVERNMENT' as const },
    { code: 'BPSDM-JATIM', name: 'BPSDM Jawa Timur', kind: 'TRAINING_AGENCY' as const, parentCode: 'PEMPROV-JATIM' },
    { code: 'KAB-PROBOLINGGO', name: 'Kabupaten Probolinggo', kind: 'LOCAL_GOVERNMENT' as const, parentCode: 'PEMPROV-JATIM' },
  ];
  for (const i of institutions) must(await services.institutions.create(SYSTEM, i));
  must(await services.learners.importLearners(SYSTEM, { institutionCode: 'KAB-PROBOLINGGO', learners: Object.values(PEOPLE) }));
  await seedReferences(services);
}

/** The competencies and the certificate rule that sessions in these tests name. */
async function seedReferences(services: Services): Promise<void> {
  const levels = [1, 2, 3, 4, 5].map((level) => ({ level, description: `Level ${level}` }));
  must(
    await services.competencies.upsertFramework(SYSTEM, {
      code: 'TEST-FW',
      name: 'Test framework',
      version: 1,
      competencies: [
        { code: 'M.02', name: 'Kerjasama', group: 'MANAGERIAL', levels },
        { code: 'T.KEM.01', name: 'Analisis data kemiskinan', group: 'TECHNICAL', levels },
      ],
    }),
  );
  must(
    await services.certificateRules.define(SYSTEM, {
      code: 'MITK-E-CERT',
      name: 'Sertifikat e-learning MITK',
      institutionCode: 'BPSDM-JATIM',
      criteria: [{ kind: 'ATTENDANCE_PERCENT', threshold: 75 }],
    }),
  );
}

/** Registers every one of PEOPLE for a session, as their own side would: what lets an outside organiser record their attendance. */
export async function registerPeople(services: Services, sessionId: number): Promise<void> {
  const people = Object.values(PEOPLE) as { nip?: string; email?: string }[];
  must(
    await services.registrations.register(SYSTEM, {
      sessionId,
      nips: people.flatMap((p) => (p.nip ? [p.nip] : [])),
      emails: people.flatMap((p) => (p.nip ? [] : [p.email!])),
    }),
  );
}

/** Series MITK by BPSDM-JATIM and its session 41 (24 Oct 2024, 09:00-11:00 WIB, 3 JP), as the webinar tests share them. */
export async function scheduleSession41(services: Services): Promise<number> {
  must(await services.webinars.createSeries(SYSTEM, { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan', organizerCode: 'BPSDM-JATIM' }));
  const session = must(
    await services.webinars.scheduleSession(SYSTEM, {
      seriesCode: 'MITK',
      number: 41,
      title: 'Sinergi Data Kemiskinan',
      startsAt: '2024-10-24T09:00:00+07:00',
      endsAt: '2024-10-24T11:00:00+07:00',
      jp: 3,
    }),
  );
  return session.id;
}
