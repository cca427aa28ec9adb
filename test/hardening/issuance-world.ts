import { expect } from 'vitest';
import { SYSTEM } from '../../src/auth/viewer';
import { benchLearners } from '../../bench/zoom-import';
import { connectDatabase } from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { sqlCount, sqlRow } from '../support/sql';
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

/** Builds, through the services, a database (DATABASE_URL `url`) where one mutation is a large write. */
export async function buildIssuanceWorld(url: string): Promise<IssuanceWorld> {
  const db = await connectDatabase(url);
  try {
    const services = createServices(db, { publicBaseUrl: 'http://localhost', databasePath: db.dialect === 'sqlite' ? db.path : ':memory:' });
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
    await db.close();
  }
}

/** A look at the database at `url` from outside the servers, on either engine. */
export async function inspect<T>(url: string, look: (db: Database) => Promise<T>): Promise<T> {
  const db = await connectDatabase(url, { migrate: false, poolSize: 1 });
  try {
    return await look(db);
  } finally {
    await db.close();
  }
}

export const count = (db: Database, from: string) => sqlCount(db, `SELECT count(*) AS n FROM ${from}`);

/** SQLite's own check of its file; PostgreSQL's WAL keeps its files whole. */
export const integrity = async (db: Database) => (db.dialect === 'sqlite' ? db.readRaw.pragma('integrity_check', { simple: true }) : 'ok');

export function certificateState(url: string) {
  return inspect(url, async (db) => ({
    integrity: await integrity(db),
    certificates: await count(db, 'certificates'),
    distinctLearners: await count(db, "(SELECT DISTINCT learner_id FROM certificates WHERE status = 'VALID') AS valid"),
    numbers: (await sqlRow<Record<string, number | null>>(
      db,
      'SELECT min(sequence_no) AS min, max(sequence_no) AS max, count(DISTINCT sequence_no) AS "distinctNo", count(DISTINCT number) AS "distinctNumber" FROM certificates',
    ))!,
    lastReserved: await sqlCount(db, 'SELECT coalesce(max(last_no), 0) AS n FROM certificate_sequences'),
    audit: await count(db, "audit_log WHERE action = 'issueCertificates'"),
  }));
}

/** Every certificate numbered once, from 1, with no gap and no number reserved but unused. */
export function expectGapless(state: Awaited<ReturnType<typeof certificateState>>) {
  expect(state.integrity).toBe('ok');
  expect(state.distinctLearners).toBe(state.certificates);
  expect(state.numbers.distinctNumber).toBe(state.certificates);
  expect(state.numbers.distinctNo).toBe(state.certificates);
  if (state.certificates > 0) expect(state.numbers).toMatchObject({ min: 1, max: state.certificates });
  expect(state.lastReserved).toBe(state.certificates);
}
