import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { toGlobalId } from '../../../src/graphql/node';
import { unwrap } from '../../../src/seed/unwrap';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { sqlCount, sqlRows } from '../../support/sql';

/**
 * BPSDM Jawa Timur issues certificates (3 JP each) to learners of Dinas Sosial
 * (target 5 JP a year) and of Kota Kupang (target 0: never "met"), an
 * institution unrelated to both.
 */
const NIP = { ani: '198501012010012001', budi: '198602022011011002', yosef: '199001012015011001' };

interface EventNode {
  id: string;
  sequence: number;
  type: string;
  occurredAt: string;
  institution: { code: string };
  payload: Record<string, any>;
}
interface EventPage {
  edges: { cursor: string; node: EventNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

let t: TestApp;
let jatim: string;
const sessions: Record<number, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const s = t.app.services;
  for (const input of [
    { code: 'PEMPROV-JATIM', name: 'Pemprov Jawa Timur', kind: 'LOCAL_GOVERNMENT' as const },
    { code: 'BPSDM-JATIM', name: 'BPSDM Jawa Timur', kind: 'TRAINING_AGENCY' as const, parentCode: 'PEMPROV-JATIM' },
    { code: 'DINSOS', name: 'Dinas Sosial', kind: 'GOVERNMENT_UNIT' as const, parentCode: 'PEMPROV-JATIM', targetJp: 5 },
    { code: 'KOTA-KUPANG', name: 'Kota Kupang', kind: 'LOCAL_GOVERNMENT' as const, targetJp: 0 },
  ]) {
    unwrap('institution', await s.institutions.create(SYSTEM, input));
  }
  unwrap('learners', await s.learners.importLearners(SYSTEM, { institutionCode: 'DINSOS', learners: [
    { nip: NIP.ani, name: 'Ani Rahayu', employmentType: 'PNS' },
    { nip: NIP.budi, name: 'Budi Santoso', employmentType: 'PNS' },
  ] }));
  unwrap('learners', await s.learners.importLearners(SYSTEM, { institutionCode: 'KOTA-KUPANG', learners: [{ nip: NIP.yosef, name: 'Yosef Bria', employmentType: 'PNS' }] }));
  unwrap('series', await s.webinars.createSeries(SYSTEM, { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan', organizerCode: 'BPSDM-JATIM' }));
  const criteria = [{ kind: 'ATTENDANCE_MINUTES' as const, threshold: 60 }];
  unwrap('rule', await s.certificateRules.define(SYSTEM, { code: 'HADIR-60', name: 'Hadir 60 menit', institutionCode: 'BPSDM-JATIM', criteria }));
  const attendees: Record<number, string[]> = { 41: [NIP.ani, NIP.budi, NIP.yosef], 42: [NIP.ani, NIP.yosef], 43: [NIP.budi], 44: [NIP.budi, NIP.yosef], 45: [NIP.ani] };
  for (const [number, nips] of Object.entries(attendees)) {
    const times = { startsAt: `2024-10-${number}T09:00:00+07:00`.replace(/-(4\d)T/, (_, n) => `-${Number(n) - 20}T`), endsAt: '' };
    times.endsAt = times.startsAt.replace('T09', 'T11');
    const session = unwrap('session', await s.webinars.scheduleSession(SYSTEM, { seriesCode: 'MITK', number: Number(number), title: `Sesi ${number}`, ...times, jp: 3, certificateRuleCode: 'HADIR-60' }));
    sessions[Number(number)] = toGlobalId('WebinarSession', session.id);
    unwrap('attendance', await s.attendance.record(SYSTEM, { sessionId: session.id, source: 'FORM', entries: nips.map((nip) => ({ nip, minutes: 90 })) }));
  }
  jatim = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
});
afterAll(() => t.close());

const issue = async (number: number, dryRun = false) => {
  const r = dataOf(await t.gql(op('IssueCertificates'), { input: { sessionId: sessions[number], dryRun } }, jatim)).issueCertificates;
  expect(r.userErrors).toEqual([]);
  return r as { issuedCount: number; issued: { number: string; learner: { nip: string } }[] };
};

const page = async (token: string | null, variables: Record<string, unknown> = {}) => t.gql<{ events: EventPage }>(op('Events'), variables, token);

/** Follows the feed from `after` to its current end, as a polling HR system does. */
async function drain(token: string, after: string | null = null, first = 100, variables: Record<string, unknown> = {}) {
  const seen: EventNode[] = [];
  let cursor = after;
  for (;;) {
    const p = dataOf(await page(token, { ...variables, after: cursor, first })).events;
    seen.push(...p.edges.map((e) => e.node));
    cursor = p.pageInfo.endCursor ?? cursor;
    if (!p.pageInfo.hasNextPage) return { seen, cursor };
  }
}

/** The issuer sees a masked NIP: its last four digits tell these learners apart. */
const holds = (c: { learner: { nip: string } }, nip: string) => c.learner.nip.endsWith(nip.slice(-4));

const outboxCount = () => sqlCount(t.app.db, 'SELECT count(*) AS n FROM events');
const summary = (events: EventNode[]) => events.map((e) => [e.type, e.payload.learner?.nip, e.institution.code]);

describe('events', () => {
  let ani42: string;
  let afterSetup: string | null;

  it('writes CERTIFICATE_ISSUED per certificate and LEARNER_TARGET_MET once when the year reaches the target', async () => {
    afterSetup = (await drain(t.adminToken)).cursor;
    await issue(41, true);
    expect(await outboxCount()).toBe((await drain(t.adminToken)).seen.length); // a dry run writes no event
    const first = await issue(41);
    const second = await issue(42);
    ani42 = second.issued.find((c) => holds(c, NIP.ani))!.number;
    const { seen } = await drain(t.adminToken, afterSetup);
    expect(summary(seen)).toEqual([
      ['CERTIFICATE_ISSUED', NIP.ani, 'DINSOS'],
      ['CERTIFICATE_ISSUED', NIP.budi, 'DINSOS'],
      ['CERTIFICATE_ISSUED', NIP.yosef, 'KOTA-KUPANG'],
      ['CERTIFICATE_ISSUED', NIP.ani, 'DINSOS'],
      ['CERTIFICATE_ISSUED', NIP.yosef, 'KOTA-KUPANG'],
      ['LEARNER_TARGET_MET', NIP.ani, 'DINSOS'], // 6 of 5 JP; Kupang's target of 0 is never met
    ]);
    expect(seen[0].payload).toEqual({
      learner: { nip: NIP.ani, email: null },
      certificateNumber: first.issued.find((c) => holds(c, NIP.ani))!.number,
      jp: 3,
      year: 2024,
      institutionCode: 'DINSOS',
      issuerCode: 'BPSDM-JATIM',
    });
    expect(seen[5].payload).toEqual({ learner: { nip: NIP.ani, email: null }, year: 2024, earnedJp: 6, targetJp: 5, institutionCode: 'DINSOS' });
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    expect(seen.every((e) => /^evt_[0-9a-f]{32}$/.test(e.id))).toBe(true);
  });

  it('writes CERTIFICATE_REVOKED, and no second LEARNER_TARGET_MET after a revoke and re-issue', async () => {
    const before = (await drain(t.adminToken)).cursor;
    const revoke = (n: string) => t.gql(op('RevokeCertificate'), { input: { number: n, reason: 'Data kehadiran salah' } }, jatim);
    expect(dataOf(await revoke(ani42)).revokeCertificate.userErrors).toEqual([]);
    const count = await outboxCount();
    expect(dataOf(await revoke(ani42)).revokeCertificate.userErrors.map((e: { code: string }) => e.code)).toEqual(['ALREADY_REVOKED']);
    expect(await outboxCount()).toBe(count); // refused: nothing written
    await issue(42);
    const { seen } = await drain(t.adminToken, before);
    expect(summary(seen)).toEqual([
      ['CERTIFICATE_REVOKED', NIP.ani, 'DINSOS'],
      ['CERTIFICATE_ISSUED', NIP.ani, 'DINSOS'],
    ]);
    expect(seen[0].payload.certificateNumber).toBe(ani42);
  });

  it('scopes the feed: institution subtree, certificate events also to the issuer, nothing without a token', async () => {
    const all = (await drain(t.adminToken)).seen;
    const reader = await t.token('EVENT_READER', { institutionCode: 'DINSOS' });
    const kupang = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KOTA-KUPANG' });
    const pemprov = await t.token('SYNC_CLIENT', { institutionCode: 'PEMPROV-JATIM' });
    const ids = (events: EventNode[]) => events.map((e) => e.id);
    const of = (...codes: string[]) => ids(all.filter((e) => codes.includes(e.institution.code)));
    const certificates = ids(all.filter((e) => e.type.startsWith('CERTIFICATE_')));
    expect(ids((await drain(reader)).seen)).toEqual(of('DINSOS'));
    expect(ids((await drain(kupang)).seen)).toEqual(of('KOTA-KUPANG'));
    expect(ids((await drain(jatim)).seen)).toEqual(certificates); // the issuer: its certificate events, not DINSOS's target
    expect(ids((await drain(pemprov)).seen)).toEqual(ids(all.filter((e) => e.institution.code === 'DINSOS' || e.type.startsWith('CERTIFICATE_'))));
    expect(ids((await drain(t.adminToken, null, 100, { institutionCode: 'DINSOS' })).seen)).toEqual(of('DINSOS'));
    expect(ids((await drain(reader, null, 100, { types: ['LEARNER_TARGET_MET'] })).seen)).toEqual(ids(all.filter((e) => e.type === 'LEARNER_TARGET_MET')));

    for (const code of ['KOTA-KUPANG', 'NO-SUCH-CODE']) {
      expect((await page(reader, { institutionCode: code })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect((await page(t.adminToken, { institutionCode: 'NO-SUCH-CODE' })).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await page(null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await page(await t.token('LEARNER', { nip: NIP.ani }))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Read-only: an EVENT_READER writes nothing.
    const write = await t.gql(op('IssueCertificates'), { input: { sessionId: sessions[43] } }, reader);
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it("an admin mints an EVENT_READER for an institution it manages, which reads that subtree's events", async () => {
    const pemprov = await t.token('INSTITUTION_ADMIN', { institutionCode: 'PEMPROV-JATIM' });
    const mint = async (input: Record<string, unknown>) => t.gql(op('CreateApiToken'), { input: { name: 'SIASN Dinsos', role: 'EVENT_READER', ...input } }, pemprov);
    expect(dataOf(await mint({})).createApiToken.userErrors.map((e: { field: string[]; code: string }) => [e.field, e.code])).toEqual([[['institutionCode'], 'REQUIRED']]);
    expect((await mint({ institutionCode: 'KOTA-KUPANG' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const minted = dataOf(await mint({ institutionCode: 'DINSOS' })).createApiToken;
    expect(minted.apiToken).toMatchObject({ role: 'EVENT_READER', institution: { code: 'DINSOS' } });
    const all = (await drain(t.adminToken)).seen;
    expect((await drain(minted.token)).seen.map((e) => e.id)).toEqual(all.filter((e) => e.institution.code === 'DINSOS').map((e) => e.id));
  });

  it('an empty page hands back the cursor, and a poller resuming from endCursor sees every event once while writes run', async () => {
    const start = await drain(t.adminToken);
    const idle = dataOf(await page(t.adminToken, { after: start.cursor })).events;
    expect(idle).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: start.cursor } });

    const seen: EventNode[] = [];
    let cursor = start.cursor;
    let writing = true;
    const writes = Promise.all([issue(43), issue(44), issue(45)]).finally(() => (writing = false));
    while (writing) {
      const p = await drain(t.adminToken, cursor, 1);
      seen.push(...p.seen);
      cursor = p.cursor;
    }
    await writes;
    seen.push(...(await drain(t.adminToken, cursor, 1)).seen);
    const committed = await sqlRows<{ id: string }>(t.app.db, 'SELECT event_id AS id FROM events WHERE sequence > ? ORDER BY sequence', start.seen.at(-1)!.sequence);
    expect(seen.map((e) => e.id)).toEqual(committed.map((r) => r.id));
    expect(committed.length).toBe(5);
  });
  it('LEARNER_TARGET_MET never for a NON_ASN participant, whose yearly target is none, beside a PNS of the same institution who meets it', async () => {
    const s = t.app.services;
    unwrap('learners', await s.learners.importLearners(SYSTEM, { institutionCode: 'DINSOS', learners: [
      { email: 'relawan@example.id', name: 'Relawan Desa', employmentType: 'NON_ASN' },
      { nip: '199202022016012002', name: 'Citra Dewi', employmentType: 'PNS' },
    ] }));
    const session = unwrap('session', await s.webinars.scheduleSession(SYSTEM, {
      seriesCode: 'MITK', number: 46, title: 'Sesi 46', startsAt: '2024-10-26T09:00:00+07:00', endsAt: '2024-10-26T11:00:00+07:00', jp: 6, certificateRuleCode: 'HADIR-60',
    }));
    sessions[46] = toGlobalId('WebinarSession', session.id);
    unwrap('attendance', await s.attendance.record(SYSTEM, { sessionId: session.id, source: 'FORM', entries: [{ email: 'relawan@example.id', minutes: 90 }, { nip: '199202022016012002', minutes: 90 }] }));
    const start = (await drain(t.adminToken)).cursor;
    expect((await issue(46)).issuedCount).toBe(2);
    const { seen } = await drain(t.adminToken, start);
    expect(seen.map((e) => [e.type, e.payload.learner.nip ?? e.payload.learner.email])).toEqual([
      ['CERTIFICATE_ISSUED', '199202022016012002'],
      ['CERTIFICATE_ISSUED', 'relawan@example.id'],
      ['LEARNER_TARGET_MET', '199202022016012002'],
    ]);
  });
});
