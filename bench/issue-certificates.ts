import 'reflect-metadata';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM } from '../src/auth/viewer';
import { openDatabase } from '../src/db/database';
import { createServices } from '../src/composition/services';
import { unwrap } from '../src/seed/unwrap';

const ATTENDEES = 20_000;
const DASHBOARD_LEARNERS = 100_000;

const uniqueNip = (i: number) => {
  // The serial alone repeats; spread people over birth days, months and years so every NIP differs.
  const day = (i % 28) + 1;
  const month = (Math.floor(i / 28) % 12) + 1;
  const year = 1960 + (Math.floor(i / 336) % 40);
  const serial = Math.floor(i / 13_440) + 1;
  return `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${year + 22}01${1 + (i % 2)}${String(serial).padStart(3, '0')}`;
};

const time = <T>(fn: () => T | Promise<T>) => {
  const start = process.hrtime.bigint();
  return Promise.resolve(fn()).then((value) => ({ value, ms: Number(process.hrtime.bigint() - start) / 1e6 }));
};

type Services = ReturnType<typeof createServices>;

/** A session of 3 JP whose ATTENDEES attendees are recorded, with post-test scores, ready to issue. */
async function certificateSession(services: Services, number: number, log: (line: string) => void = () => {}) {
  const session = unwrap('session', await services.webinars.scheduleSession(SYSTEM, {
    seriesCode: 'BENCH',
    number,
    title: `Sesi besar ${number}`,
    startsAt: '2025-03-10T09:00:00+07:00',
    endsAt: '2025-03-10T12:00:00+07:00',
    jp: 3,
    certificateRuleCode: 'BENCH-RULE',
  }));
  log(`recording attendance and post-test scores for ${ATTENDEES.toLocaleString()} attendees of session ${number}`);
  for (let from = 0; from < ATTENDEES; from += 10_000) {
    const entries = Array.from({ length: 10_000 }, (_, k) => ({ nip: uniqueNip(from + k), minutes: 130 + ((from + k) % 51) }));
    unwrap('attendance', await services.attendance.record(SYSTEM, { sessionId: session.id, source: 'FORM', entries }));
  }
  const post = unwrap('assessment', await services.assessments.create(SYSTEM, { subject: { type: 'SESSION', id: session.id }, kind: 'POST_TEST', title: 'Post-test', maxScore: 100 }));
  unwrap('scores', await services.assessments.recordScores(SYSTEM, post.id, Array.from({ length: ATTENDEES }, (_, i) => ({ nip: uniqueNip(i), score: 65 + (i % 36) }))));
  return session;
}

/**
 * The outbox's cost: the same issuance into two more sessions, the first with
 * the outbox writers replaced by no-ops (here only: the bench runs compiled
 * CommonJS, where the services look the writers up on the module at each
 * call), the second as it runs in production. The run with events goes last,
 * on the larger database, so the ratio errs against the outbox.
 */
async function eventsSideBySide(services: Services, db: ReturnType<typeof openDatabase>, log: (line: string) => void) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const outbox = require('../src/modules/events/outbox') as Record<string, unknown>;
  const writers = { recordCertificateEvents: outbox.recordCertificateEvents, recordTargetsMet: outbox.recordTargetsMet };
  const without = await certificateSession(services, 2, log);
  const withEvents = await certificateSession(services, 3, log);
  const eventsBefore = db.readRaw.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
  Object.assign(outbox, { recordCertificateEvents: () => {}, recordTargetsMet: () => {} });
  const plain = await time(() => services.certificates.issue(SYSTEM, { type: 'SESSION', id: without.id }, false)).finally(() => Object.assign(outbox, writers));
  const eventsMid = db.readRaw.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
  const withOutbox = await time(() => services.certificates.issue(SYSTEM, { type: 'SESSION', id: withEvents.id }, false));
  const eventsAfter = db.readRaw.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
  const issuedOf = (r: typeof plain) => (r.value.ok ? r.value.value.issuedCount : 0);
  const ratio = plain.ms / withOutbox.ms;
  log(
    `issuance without events: ${issuedOf(plain)} in ${(plain.ms / 1000).toFixed(2)} s (${eventsMid.n - eventsBefore.n} events); ` +
      `with events: ${issuedOf(withOutbox)} in ${(withOutbox.ms / 1000).toFixed(2)} s (${eventsAfter.n - eventsMid.n} events); throughput ratio ${ratio.toFixed(2)}`,
  );
  return {
    'issuance without events (s)': Number((plain.ms / 1000).toFixed(2)),
    'issuance with events (s)': Number((withOutbox.ms / 1000).toFixed(2)),
    'events written': eventsAfter.n - eventsMid.n,
    'throughput with/without events': Number(ratio.toFixed(2)),
  };
}

/**
 * Eligibility and issuance for a session with 20,000 attendees, through the
 * services, then an institution dashboard over 100,000 learners.
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-bench-issue-'));
  const db = openDatabase(join(dir, 'bench.sqlite'), { countStatements: true });
  try {
    const services = createServices(db, { publicBaseUrl: 'http://localhost', databasePath: db.path });
    unwrap('institution', await services.institutions.create(SYSTEM, { code: 'BPSDM-JATIM', name: 'BPSDM Jawa Timur', kind: 'TRAINING_AGENCY' }));
    unwrap('institution', await services.institutions.create(SYSTEM, { code: 'KAB-BESAR', name: 'Kabupaten Besar', kind: 'LOCAL_GOVERNMENT' }));
    log(`importing ${DASHBOARD_LEARNERS.toLocaleString()} learners`);
    for (let from = 0; from < DASHBOARD_LEARNERS; from += 50_000) {
      const learners = Array.from({ length: 50_000 }, (_, k) => ({ nip: uniqueNip(from + k), name: `Peserta ${from + k}`, employmentType: 'PNS' as const }));
      unwrap('learners', await services.learners.importLearners(SYSTEM, { institutionCode: 'KAB-BESAR', learners }));
      log(`  ${from + 50_000} learners`);
    }
    unwrap('rule', await services.certificateRules.define(SYSTEM, {
      code: 'BENCH-RULE',
      name: 'Bench rule',
      institutionCode: 'BPSDM-JATIM',
      criteria: [
        { kind: 'ATTENDANCE_PERCENT', threshold: 75 },
        { kind: 'ASSESSMENT_SCORE', threshold: 70, assessmentKind: 'POST_TEST' },
      ],
    }));
    unwrap('series', await services.webinars.createSeries(SYSTEM, { code: 'BENCH', title: 'Bench series', organizerCode: 'BPSDM-JATIM' }));
    const session = await certificateSession(services, 1);
    const subject = (await services.subjects.find('SESSION', session.id))!;
    let before = db.statements.count;
    const judged = await time(() => services.eligibility.judge(subject));
    const judgeStatements = db.statements.count - before;
    const eligible = judged.value.rows.filter((r) => r.eligible).length;
    log(`judged ${judged.value.rows.length} attendees in ${judged.ms.toFixed(0)} ms (${eligible} eligible, ${judgeStatements} statements)`);
    const page = await time(() => services.eligibility.page(SYSTEM, 'SESSION', session.id, { first: 100 }));
    log(`eligibility page of 100: ${page.ms.toFixed(0)} ms`);
    const next = await time(() => services.eligibility.page(SYSTEM, 'SESSION', session.id, { first: 100, after: page.value.pageInfo.endCursor }));
    log(`next page of 100 (no write in between, judgement reused): ${next.ms.toFixed(1)} ms`);
    const dry = await time(() => services.certificates.issue(SYSTEM, { type: 'SESSION', id: session.id }, true));
    log(`dry run: ${dry.ms.toFixed(0)} ms`);
    before = db.statements.count;
    const issued = await time(() => services.certificates.issue(SYSTEM, { type: 'SESSION', id: session.id }, false));
    const issueStatements = db.statements.count - before;
    const count = issued.value.ok ? issued.value.value.issuedCount : 0;
    log(`issued ${count} certificates in ${(issued.ms / 1000).toFixed(2)} s (${issueStatements} statements)`);
    const repeat = await time(() => services.certificates.issue(SYSTEM, { type: 'SESSION', id: session.id }, false));
    log(`repeat (nothing to issue): ${repeat.ms.toFixed(0)} ms`);

    const outbox = await eventsSideBySide(services, db, log);

    const institution = (await services.institutions.findByCode('KAB-BESAR'))!;
    const summary = await time(() => services.learningHours.summary(SYSTEM, institution, 2025));
    log(`progressSummary over ${summary.value.learnerCount.toLocaleString()} learners: ${summary.ms.toFixed(0)} ms`);
    const byEarned = await time(() =>
      services.learners.listForInstitution(SYSTEM, institution, { first: 20, orderBy: { field: 'EARNED_JP', direction: 'ASC' }, year: 2025 }),
    );
    log(`learners ordered by EARNED_JP, first page of 20: ${byEarned.ms.toFixed(0)} ms`);
    return {
      attendees: ATTENDEES,
      'eligibility judge (ms)': Math.round(judged.ms),
      'eligibility statements': judgeStatements,
      'eligibility page of 100 (ms)': Math.round(page.ms),
      'next page, judgement reused (ms)': Number(next.ms.toFixed(1)),
      'dry run (ms)': Math.round(dry.ms),
      'certificates issued': count,
      'issuance (s)': Number((issued.ms / 1000).toFixed(2)),
      'issuance certificates/s': Math.round(count / (issued.ms / 1000)),
      'issuance statements': issueStatements,
      'repeat issuance (ms)': Math.round(repeat.ms),
      ...outbox,
      'dashboard learners': summary.value.learnerCount,
      'progressSummary (ms)': Math.round(summary.ms),
      'learners by EARNED_JP page (ms)': Math.round(byEarned.ms),
      'database size (MB)': Number((statSync(db.path).size / 2 ** 20).toFixed(1)),
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
