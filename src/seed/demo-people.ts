/**
 * Made-up people for the demo: the 21 ASN of the Akademi Pengentasan
 * Kemiskinan's first intake in Kabupaten Probolinggo (7 Oct 2025), spread over
 * the six offices the launch named, and BUMDes partners who joined them.
 */
export interface DemoInstitution {
  code: string;
  name: string;
  kind: 'NATIONAL_AGENCY' | 'TRAINING_AGENCY' | 'LOCAL_GOVERNMENT' | 'GOVERNMENT_UNIT' | 'COMMUNITY_PARTNER';
  parentCode?: string;
  region?: string;
  isCorporateUniversity?: boolean;
}

export const DEMO_INSTITUTIONS: DemoInstitution[] = [
  { code: 'LAN', name: 'Lembaga Administrasi Negara', kind: 'NATIONAL_AGENCY', region: 'Nasional', isCorporateUniversity: true },
  { code: 'BP-TASKIN', name: 'Badan Percepatan Pengentasan Kemiskinan', kind: 'NATIONAL_AGENCY', region: 'Nasional' },
  { code: 'PEMPROV-JATIM', name: 'Pemerintah Provinsi Jawa Timur', kind: 'LOCAL_GOVERNMENT', region: 'Jawa Timur' },
  { code: 'BPSDM-JATIM', name: 'BPSDM Provinsi Jawa Timur', kind: 'TRAINING_AGENCY', parentCode: 'PEMPROV-JATIM', region: 'Jawa Timur', isCorporateUniversity: true },
  { code: 'KAB-PROBOLINGGO', name: 'Pemerintah Kabupaten Probolinggo', kind: 'LOCAL_GOVERNMENT', parentCode: 'PEMPROV-JATIM', region: 'Jawa Timur', isCorporateUniversity: true },
  { code: 'DINSOS-PROBOLINGGO', name: 'Dinas Sosial Kabupaten Probolinggo', kind: 'GOVERNMENT_UNIT', parentCode: 'KAB-PROBOLINGGO', region: 'Jawa Timur' },
  { code: 'DINKES-PROBOLINGGO', name: 'Dinas Kesehatan Kabupaten Probolinggo', kind: 'GOVERNMENT_UNIT', parentCode: 'KAB-PROBOLINGGO', region: 'Jawa Timur' },
  { code: 'DISPERTA-PROBOLINGGO', name: 'Dinas Pertanian Kabupaten Probolinggo', kind: 'GOVERNMENT_UNIT', parentCode: 'KAB-PROBOLINGGO', region: 'Jawa Timur' },
  { code: 'DISKAN-PROBOLINGGO', name: 'Dinas Perikanan Kabupaten Probolinggo', kind: 'GOVERNMENT_UNIT', parentCode: 'KAB-PROBOLINGGO', region: 'Jawa Timur' },
  { code: 'DISKOP-PROBOLINGGO', name: 'Dinas Koperasi dan Usaha Mikro Kabupaten Probolinggo', kind: 'GOVERNMENT_UNIT', parentCode: 'KAB-PROBOLINGGO', region: 'Jawa Timur' },
  { code: 'DISNAKER-PROBOLINGGO', name: 'Dinas Tenaga Kerja Kabupaten Probolinggo', kind: 'GOVERNMENT_UNIT', parentCode: 'KAB-PROBOLINGGO', region: 'Jawa Timur' },
  { code: 'BUMDES-SUMBERASIH', name: 'BUMDes Sumberasih Makmur', kind: 'COMMUNITY_PARTNER', parentCode: 'KAB-PROBOLINGGO', region: 'Jawa Timur' },
  { code: 'KOTA-PROBOLINGGO', name: 'Pemerintah Kota Probolinggo', kind: 'LOCAL_GOVERNMENT', parentCode: 'PEMPROV-JATIM', region: 'Jawa Timur' },
  { code: 'KAB-INDRAMAYU', name: 'Pemerintah Kabupaten Indramayu', kind: 'LOCAL_GOVERNMENT', region: 'Jawa Barat', isCorporateUniversity: true },
  { code: 'KOTA-KUPANG', name: 'Pemerintah Kota Kupang', kind: 'LOCAL_GOVERNMENT', region: 'Nusa Tenggara Timur', isCorporateUniversity: true },
];

const OFFICES = ['DINSOS', 'DINKES', 'DISPERTA', 'DISKAN', 'DISKOP', 'DISNAKER'];

const NAMES = [
  'Siti Nurhaliza', 'Agus Setiawan', 'Dewi Lestari', 'Bambang Sutrisno', 'Rina Wulandari', 'Hendra Gunawan',
  'Yuliana Putri', 'Eko Prasetyo', 'Nur Aini', 'Joko Susilo', 'Fitri Handayani', 'Rudi Hartono',
  'Sri Rahayu', 'Ahmad Fauzi', 'Lilis Suryani', 'Wahyu Hidayat', 'Endang Kusumawati', 'Imam Syafii',
  'Ratna Sari', 'Dedi Kurniawan', 'Anisa Rahmawati',
];

/** A valid PNS NIP: birth date, CPNS start (TMT), sex, serial. */
export function demoNip(i: number): string {
  const female = i % 2 === 0;
  const birthYear = 1975 + (i % 20);
  const birth = `${birthYear}${String((i % 12) + 1).padStart(2, '0')}${String((i % 27) + 1).padStart(2, '0')}`;
  const tmt = `${birthYear + 24 + (i % 5)}${String(((i * 5) % 12) + 1).padStart(2, '0')}`;
  return `${birth}${tmt}${female ? 2 : 1}${String(i + 1).padStart(3, '0')}`;
}

export interface DemoLearner {
  institutionCode: string;
  nip?: string;
  email?: string;
  name: string;
  employmentType: 'PNS' | 'PPPK' | 'NON_ASN';
}

export const DEMO_LEARNERS: DemoLearner[] = [
  ...NAMES.map((name, i): DemoLearner => ({
    institutionCode: `${OFFICES[i % OFFICES.length]}-PROBOLINGGO`,
    nip: demoNip(i),
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@probolinggokab.go.id`,
    name,
    employmentType: i % 7 === 6 ? 'PPPK' : 'PNS',
  })),
  { institutionCode: 'BUMDES-SUMBERASIH', email: 'mulyono@bumdes-sumberasih.id', name: 'Mulyono', employmentType: 'NON_ASN' },
  { institutionCode: 'BUMDES-SUMBERASIH', email: 'sulastri@bumdes-sumberasih.id', name: 'Sulastri', employmentType: 'NON_ASN' },
  { institutionCode: 'BUMDES-SUMBERASIH', email: 'hasan.basri@bumdes-sumberasih.id', name: 'Hasan Basri', employmentType: 'NON_ASN' },
];
