import { SYSTEM } from '../../../src/auth/viewer';
import type { Services } from '../../../src/services';

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
}
