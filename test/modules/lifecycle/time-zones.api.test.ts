/** An institution's zone is inherited down the tree; certificate years and printed dates are in the issuer's zone. */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { unwrap } from '../../../src/seed/unwrap';
import { demoNip } from '../../../src/seed/demo-people';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { op } from '../../support/contract';
import { readPdf } from '../../support/pdf';

let t: TestApp;
const zoneOf = async (code: string) => dataOf(await t.gql('query($c: String!) { institution(code: $c) { timeZone } }', { c: code })).institution.timeZone;
const run = async (name: string, input: Record<string, unknown>) => dataOf(await t.gql(op(name), { input }))[name[0].toLowerCase() + name.slice(1)];

beforeAll(async () => {
  t = await startTestApp();
  const created = await run('CreateInstitution', { code: 'PEMPROV-NTT', name: 'Pemerintah Provinsi NTT', kind: 'LOCAL_GOVERNMENT', timeZone: 'WITA' });
  expect(created.userErrors).toEqual([]);
  await run('CreateInstitution', { code: 'KOTA-KUPANG', name: 'Pemerintah Kota Kupang', kind: 'LOCAL_GOVERNMENT', parentCode: 'PEMPROV-NTT' });
  await run('CreateInstitution', { code: 'BKPSDM-KUPANG', name: 'BKPSDM Kota Kupang', kind: 'TRAINING_AGENCY', parentCode: 'KOTA-KUPANG' });
  await run('CreateInstitution', { code: 'BPSDM-JATIM', name: 'BPSDM Provinsi Jawa Timur', kind: 'TRAINING_AGENCY' });
  const s = t.app.services;
  unwrap('learners', await s.learners.importLearners(SYSTEM, { institutionCode: 'KOTA-KUPANG', learners: [{ nip: demoNip(1), name: 'Yohanes Bria', employmentType: 'PNS' }] }));
  unwrap('rule', await s.certificateRules.define(SYSTEM, { code: 'HADIR', name: 'Hadir', institutionCode: 'PEMPROV-NTT', criteria: [{ kind: 'ATTENDANCE_MINUTES', threshold: 30 }] }));
  for (const organizerCode of ['BKPSDM-KUPANG', 'BPSDM-JATIM']) {
    unwrap('series', await s.webinars.createSeries(SYSTEM, { code: `S-${organizerCode}`, title: 'Seri', organizerCode }));
  }
});
afterAll(() => t.close());
afterEach(() => vi.useRealTimers());

/** Schedules session `number` of an organiser's series, records attendance and issues its certificate at `now`. */
async function issueAt(organizerCode: string, number: number, now: string) {
  const s = t.app.services;
  const session = unwrap(
    'session',
    await s.webinars.scheduleSession(SYSTEM, {
      seriesCode: `S-${organizerCode}`,
      number,
      title: 'Penanggulangan kemiskinan',
      startsAt: '2025-12-31T09:00:00+08:00',
      endsAt: '2025-12-31T11:00:00+08:00',
      jp: 2,
      certificateRuleCode: 'HADIR',
    }),
  );
  unwrap('attendance', await s.attendance.record(SYSTEM, { sessionId: session.id, source: 'MANUAL', entries: [{ nip: demoNip(1), minutes: 90 }] }));
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(now));
  const issued = unwrap('issue', await s.certificates.issue(SYSTEM, { type: 'SESSION', id: session.id }, false)).issued[0];
  vi.useRealTimers();
  return issued;
}

describe('time zones', () => {
  it('are inherited down the tree until one is set, and can be changed', async () => {
    expect(await zoneOf('PEMPROV-NTT')).toBe('WITA');
    expect(await zoneOf('BKPSDM-KUPANG')).toBe('WITA');
    expect(await zoneOf('BPSDM-JATIM')).toBe('WIB');
    const r = await run('UpdateInstitution', { code: 'KOTA-KUPANG', timeZone: 'WIT' });
    expect(r.institution.timeZone).toBe('WIT');
    expect(await zoneOf('BKPSDM-KUPANG')).toBe('WIT');
    expect((await run('UpdateInstitution', { code: 'KOTA-KUPANG', timeZone: null })).institution.timeZone).toBe('WITA');
  });

  it('number a Kupang certificate issued at 23:30 WITA on 31 December in that year, and print that day', async () => {
    const cert = await issueAt('BKPSDM-KUPANG', 1, '2025-12-31T23:30:00+08:00');
    expect(cert.number).toBe('BKPSDM-KUPANG/S-BKPSDM-KUPANG-1/2025/000001');
    const page = await fetch(new URL(`/certificates/${cert.verificationCode}`, t.url));
    expect(await page.text()).toContain('31 Desember 2025');
    const pdf = await fetch(new URL(`/certificates/${cert.verificationCode}.pdf`, t.url));
    const [first] = await readPdf(new Uint8Array(await pdf.arrayBuffer()));
    expect(first.text).toContain('pada 31 Desember 2025');
  });

  it('start the next year at midnight in the issuer’s own zone, not in WIB', async () => {
    // 00:30 WITA on 1 January is still 23:30 on 31 December in WIB.
    const kupang = await issueAt('BKPSDM-KUPANG', 2, '2026-01-01T00:30:00+08:00');
    expect(kupang.number).toBe('BKPSDM-KUPANG/S-BKPSDM-KUPANG-2/2026/000001');
    const jatim = await issueAt('BPSDM-JATIM', 1, '2026-01-01T00:30:00+08:00');
    expect(jatim.number).toBe('BPSDM-JATIM/S-BPSDM-JATIM-1/2025/000001');
    const page = await fetch(new URL(`/certificates/${kupang.verificationCode}`, t.url));
    expect(await page.text()).toContain('1 Januari 2026');
  });
});
