import BetterSqlite3 from 'better-sqlite3';
import { expect } from 'vitest';
import { SYSTEM } from '../../src/auth/viewer';
import { benchLearners } from '../../bench/zoom-import';
import { openDatabase } from '../../src/db/database';
import { toGlobalId } from '../../src/graphql/node';
import { unwrap } from '../../src/seed/unwrap';
import { createServices } from '../../src/composition/services';

/** Eligible attendees of the certificate session: the issuance is one large transaction. */
export const ATTENDEES = 12_000;

export const ISSUE = `mutation($input: IssueCertificatesInput!) {
  issueCertificates(input: $input) { issuedCount alreadyIssuedCount userErrors { code message } } }`;

export interface IssuanceWorld {
  /** Global ID of a session whose ATTENDEES attendees are all eligible and not yet certified. */
  certificateSession: string;
  /** A session of the same series with no attendance yet, for a Zoom import. */
  zoomSession: string;
  zoomSessionRowId: number;
}

/** Builds, through the services, a database file where one mutation is a large write. */
export async function buildIssuanceWorld(path: string): Promise<IssuanceWorld> {
  const db = openDatabase(path);
  try {
    const services = createServices(db, { publicBaseUrl: 'http://localhost', databasePath: path });
    unwrap('setup', await services.institutions.create(SYSTEM, { code: 'BPSDM-JATIM', name: 'BPSDM Jawa Timur', kind: 'TRAINING_AGENCY' }));
    unwrap('setup', await services.learners.importLearners(SYSTEM, { institutionCode: 'BPSDM-JATIM', learners: benchLearners() }));
    unwrap('setup', await services.webinars.createSeries(SYSTEM, { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan', organizerCode: 'BPSDM-JATIM' }));
    const criteria = [{ kind: 'ATTENDANCE_MINUTES' as const, threshold: 60 }];
    unwrap('rule', await services.certificateRules.define(SYSTEM, { code: 'HADIR-60', name: 'Hadir 60 menit', institutionCode: 'BPSDM-JATIM', criteria }));
    const times = { startsAt: '2024-10-24T09:00:00+07:00', endsAt: '2024-10-24T11:00:00+07:00' };
    const schedule = async (number: number) =>
      unwrap('session', await services.webinars.scheduleSession(SYSTEM, { seriesCode: 'MITK', number, title: `Sesi ${number}`, ...times, jp: 2, certificateRuleCode: 'HADIR-60' }));
    const certificateSessionRowId = (await schedule(41)).id;
    const zoomSessionRowId = (await schedule(42)).id;
    const learners = benchLearners(ATTENDEES);
    for (let i = 0; i < ATTENDEES; i += 10_000) {
      const entries = learners.slice(i, i + 10_000).map((l) => ({ nip: l.nip, minutes: 90 }));
      unwrap('setup', await services.attendance.record(SYSTEM, { sessionId: certificateSessionRowId, source: 'FORM', entries }));
    }
    return { certificateSession: toGlobalId('WebinarSession', certificateSessionRowId), zoomSession: toGlobalId('WebinarSession', zoomSessionRowId), zoomSessionRowId };
  } finally {
    db.close();
  }
}

/** A read-only look at a database file no server holds open. */
export function inspect<T>(path: string, look: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return look(db);
  } finally {
    db.close();
  }
}

export const count = (db: BetterSqlite3.Database, sql: string) => (db.prepare(`SELECT count(*) AS n FROM ${sql}`).get() as { n: number }).n;

export function certificateState(path: string) {
  return inspect(path, (db) => ({
    integrity: db.pragma('integrity_check', { simple: true }),
    certificates: count(db, 'certificates'),
    distinctLearners: count(db, "(SELECT DISTINCT learner_id FROM certificates WHERE status = 'VALID')"),
    numbers: db.prepare('SELECT min(sequence_no) AS min, max(sequence_no) AS max, count(DISTINCT sequence_no) AS distinctNo, count(DISTINCT number) AS distinctNumber FROM certificates').get() as Record<string, number | null>,
    lastReserved: (db.prepare('SELECT coalesce(max(last_no), 0) AS n FROM certificate_sequences').get() as { n: number }).n,
    audit: count(db, "audit_log WHERE action = 'issueCertificates'"),
  }));
}

/** Every certificate numbered once, from 1, with no gap and no number reserved but unused. */
export function expectGapless(state: ReturnType<typeof certificateState>) {
  expect(state.integrity).toBe('ok');
  expect(state.distinctLearners).toBe(state.certificates);
  expect(state.numbers.distinctNumber).toBe(state.certificates);
  expect(state.numbers.distinctNo).toBe(state.certificates);
  if (state.certificates > 0) expect(state.numbers).toMatchObject({ min: 1, max: state.certificates });
  expect(state.lastReserved).toBe(state.certificates);
}
