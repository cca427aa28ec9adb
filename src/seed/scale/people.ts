import { SYSTEM } from '../../auth/viewer';
import { MAX_IMPORT_ROWS } from '../../modules/learners/learner.service';
import type { Services } from '../../composition/services';
import { bpsdmCode, institutionCode, provinceCode, scaleEmail, scaleNip, type Log, type ScalePlan } from './plan';
import { unwrap } from '../unwrap';

const FIRST = ['Siti', 'Agus', 'Dewi', 'Bambang', 'Rina', 'Hendra', 'Yuliana', 'Eko', 'Nur', 'Joko', 'Fitri', 'Rudi', 'Sri', 'Ahmad', 'Lilis', 'Wahyu'];
const LAST = ['Rahayu', 'Setiawan', 'Lestari', 'Sutrisno', 'Wulandari', 'Gunawan', 'Putri', 'Prasetyo', 'Aini', 'Susilo', 'Handayani', 'Hartono'];
export const POSITION_CODES = ['ANALIS-KEBIJAKAN', 'PEKERJA-SOSIAL', 'PENYULUH', 'PERENCANA', 'AUDITOR'];

/** LAN at the top, 34 provinces each with its BPSDM (a CorpU), the rest regencies under the provinces. */
export async function seedInstitutions(services: Services, plan: ScalePlan, log: Log): Promise<string[]> {
  const create = async (input: Parameters<Services['institutions']['create']>[1]) => unwrap(`institution ${input.code}`, await services.institutions.create(SYSTEM, input));
  await create({ code: 'LAN', name: 'Lembaga Administrasi Negara', kind: 'NATIONAL_AGENCY', isCorporateUniversity: true });
  const codes = ['LAN'];
  for (let p = 1; p <= plan.provinces; p++) {
    await create({ code: provinceCode(p), name: `Pemerintah Provinsi ${p}`, kind: 'LOCAL_GOVERNMENT', region: `Provinsi ${p}` });
    await create({ code: bpsdmCode(p), name: `BPSDM Provinsi ${p}`, kind: 'TRAINING_AGENCY', parentCode: provinceCode(p), isCorporateUniversity: true });
    codes.push(provinceCode(p), bpsdmCode(p));
  }
  for (let k = codes.length; k < plan.institutions; k++) {
    const p = (k % plan.provinces) + 1;
    await create({ code: institutionCode(k), name: `Pemerintah Kabupaten ${k}`, kind: 'LOCAL_GOVERNMENT', parentCode: provinceCode(p), region: `Provinsi ${p}` });
    codes.push(institutionCode(k));
  }
  log(`institutions: ${codes.length}`);
  return codes;
}

/** Learner i belongs to institution i mod count; imported per institution in calls of up to 50,000. */
export async function seedLearners(services: Services, plan: ScalePlan, institutions: string[], log: Log): Promise<void> {
  const started = Date.now();
  let done = 0;
  for (let k = 0; k < institutions.length; k++) {
    const people = [];
    for (let i = k; i < plan.learners; i += institutions.length) {
      people.push({
        nip: scaleNip(i),
        email: scaleEmail(i),
        name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`,
        employmentType: i % 10 === 9 ? ('PPPK' as const) : ('PNS' as const),
        positionCode: POSITION_CODES[i % POSITION_CODES.length],
      });
    }
    for (let from = 0; from < people.length; from += MAX_IMPORT_ROWS) {
      unwrap(
        `learners of ${institutions[k]}`,
        await services.learners.importLearners(SYSTEM, { institutionCode: institutions[k], learners: people.slice(from, from + MAX_IMPORT_ROWS) }),
      );
    }
    done += people.length;
    if (k % 50 === 49 || k === institutions.length - 1) log(`learners: ${done.toLocaleString('en')} of ${plan.learners.toLocaleString('en')} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
}
