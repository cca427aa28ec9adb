import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SYSTEM, type Viewer } from '../../../src/auth/viewer';
import { AppError } from '../../../src/core/errors';
import type { Services } from '../../../src/composition/services';
import type { Database } from '../../../src/db/database';
import type { InstitutionRow, LearnerRow } from '../../../src/db/schema';
import { WIB as ISSUE_ZONE } from '../../../src/core/today';
import { checkYear, onTrack } from '../../../src/modules/learning-hours/learning-hours.service';
import { nipOf, openServices, publishCurriculum, refusal, unwrap, viewerOf } from '../../support/services';
import { sqlRow, sqlRows } from '../../support/sql';

/**
 * Institutions (yearly target in brackets; none set means 20):
 *   PEMPROV > BPSDM (organises the webinars), PEMPROV > KAB [24] > DESA,
 *   PUSAT [40] > UNIT [0], and JATENG on its own.
 * Learners, and what they attend; every session and the cohort issue certificates:
 *   S0 2023-06-10 4 JP, S3 2024-01-01 00:30 WIB 2 JP, S1 2024-03-05 3 JP, S2 2024-11-20 5 JP,
 *   cohort APK-I ending 2024-12-15, 24 JP (8 + 16).
 */
const PEOPLE = {
  budi: { at: 'KAB', employmentType: 'PNS', attends: ['S0', 'S3', 'S1', 'S2', 'COHORT'] },
  rina: { at: 'KAB', employmentType: 'PPPK', attends: ['S1'] },
  mulyono: { at: 'KAB', employmentType: 'NON_ASN', attends: ['S1'] },
  dewi: { at: 'DESA', employmentType: 'PNS', attends: ['S1'] },
  agus: { at: 'PEMPROV', employmentType: 'PNS', attends: ['S3', 'S1', 'S2'] },
  eko: { at: 'PUSAT', employmentType: 'PNS', attends: ['S1'] },
  fajar: { at: 'UNIT', employmentType: 'PNS', attends: ['S2'] },
  gita: { at: 'UNIT', employmentType: 'PNS', attends: [] },
  sari: { at: 'JATENG', employmentType: 'PNS', attends: ['S0', 'S2'] },
} as const;
type Person = keyof typeof PEOPLE;
const NAMES = Object.keys(PEOPLE) as Person[];
const nip = (who: Person) => nipOf(NAMES.indexOf(who) + 1);
const email = (who: Person) => `${who}@desa.example.id`;

const SESSIONS = {
  S0: { number: 40, startsAt: '2023-06-10T09:00:00+07:00', endsAt: '2023-06-10T11:00:00+07:00', jp: 4 },
  S3: { number: 42, startsAt: '2024-01-01T00:30:00+07:00', endsAt: '2024-01-01T02:30:00+07:00', jp: 2 },
  S1: { number: 43, startsAt: '2024-03-05T09:00:00+07:00', endsAt: '2024-03-05T11:00:00+07:00', jp: 3 },
  S2: { number: 44, startsAt: '2024-11-20T09:00:00+07:00', endsAt: '2024-11-20T11:00:00+07:00', jp: 5 },
};

let db: Database;
let services: Services;
const inst: Record<string, InstitutionRow> = {};
const adminOf = (code: string): Viewer => viewerOf('INSTITUTION_ADMIN', { institution: inst[code] });

type LearnerRef = Pick<LearnerRow, 'id' | 'institutionId' | 'employmentType'>;
/** Every person's learner row, read once the world is built (no test moves a learner). */
const learners = {} as Record<Person, LearnerRef>;
async function readLearners(): Promise<void> {
  for (const who of NAMES) {
    const where = PEOPLE[who].employmentType === 'NON_ASN' ? ['email', email(who)] : ['nip', nip(who)];
    learners[who] = (await sqlRow<LearnerRef>(db, `SELECT id, institution_id AS "institutionId", employment_type AS "employmentType" FROM learners WHERE ${where[0]} = ?`, where[1]))!;
  }
}
const learner = (who: Person): LearnerRef => learners[who];
/** Hours as a SUPERADMIN reads them (every learner readable). */
const hoursOf = async (people: Person[], year: number) =>
  (await services.learningHours.forLearners(SYSTEM, people.map(learner), year)).map((h) => {
    if (h instanceof AppError) throw h;
    return h;
  });
const hours = async (who: Person, year: number) => (await hoursOf([who], year))[0];

async function buildWorld(): Promise<void> {
  const create = async (code: string, parentCode?: string, targetJp?: number) =>
    (inst[code] = unwrap(code, await services.institutions.create(SYSTEM, { code, name: code, kind: 'LOCAL_GOVERNMENT', parentCode, targetJp })));
  await create('PEMPROV');
  await create('BPSDM', 'PEMPROV');
  await create('KAB', 'PEMPROV', 24);
  await create('DESA', 'KAB');
  await create('PUSAT', undefined, 40);
  await create('UNIT', 'PUSAT', 0);
  // Ids 7-10 go to institutions nobody uses, so JATENG's path (/11/) begins like PEMPROV's (/1/).
  for (const n of [7, 8, 9, 10]) await create(`FILLER-${n}`);
  await create('JATENG');
  expect(inst.JATENG.path).toBe('/11/');
  for (const who of NAMES) {
    const { at, employmentType } = PEOPLE[who];
    const data = employmentType === 'NON_ASN' ? { email: email(who) } : { nip: nip(who) };
    unwrap(who, await services.learners.importLearners(SYSTEM, { institutionCode: at, learners: [{ ...data, name: who, employmentType }] }));
  }
  const ref = (who: Person) => (PEOPLE[who].employmentType === 'NON_ASN' ? { email: email(who) } : { nip: nip(who) });

  unwrap('rule', await services.certificateRules.define(SYSTEM, { code: 'HADIR', name: 'Hadir', institutionCode: 'BPSDM', criteria: [{ kind: 'ATTENDANCE_MINUTES', threshold: 60 }] }));
  unwrap('series', await services.webinars.createSeries(SYSTEM, { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan', organizerCode: 'BPSDM' }));
  for (const [key, s] of Object.entries(SESSIONS)) {
    const session = unwrap(key, await services.webinars.scheduleSession(SYSTEM, { seriesCode: 'MITK', title: `Sesi ${key}`, certificateRuleCode: 'HADIR', ...s }));
    const entries = NAMES.filter((who) => (PEOPLE[who].attends as readonly string[]).includes(key)).map((who) => ({ ...ref(who), minutes: 120 }));
    unwrap(`${key} attendance`, await services.attendance.record(SYSTEM, { sessionId: session.id, source: 'MANUAL', entries }));
    unwrap(`${key} certificates`, await services.certificates.issue(SYSTEM, { type: 'SESSION', id: session.id }, false));
  }

  const lulus = { code: 'LULUS', name: 'Lulus', institutionCode: 'KAB', criteria: [{ kind: 'MODULES_COMPLETED_PERCENT' as const, threshold: 100 }] };
  unwrap('cohort rule', await services.certificateRules.define(SYSTEM, lulus));
  await publishCurriculum(services, { code: 'APK', title: 'Akademi Pengentasan Kemiskinan', ownerCode: 'KAB', modules: [{ code: 'M1', jp: 8 }, { code: 'M2', jp: 16 }] });
  const cohort = unwrap(
    'cohort',
    await services.cohorts.create(SYSTEM, {
      code: 'APK-I',
      name: 'Angkatan I',
      curriculumCode: 'APK',
      institutionCode: 'KAB',
      startDate: '2024-09-01',
      endDate: '2024-12-15',
      certificateRuleCode: 'LULUS',
    }),
  );
  unwrap('enrolment', await services.enrollments.enroll(SYSTEM, { cohortId: cohort.id, nips: [nip('budi'), nip('dewi')] }));
  const done = (who: Person, moduleCode: string) => ({ nip: nip(who), moduleCode, completedAt: '2024-12-10T15:00:00+07:00' });
  unwrap('completions', await services.enrollments.recordCompletions(SYSTEM, { cohortId: cohort.id, completions: [done('budi', 'M1'), done('budi', 'M2'), done('dewi', 'M1')] }));
  unwrap('cohort certificates', await services.certificates.issue(SYSTEM, { type: 'COHORT', id: cohort.id }, false));
}

beforeEach(async () => {
  ({ db, services } = await openServices());
  await buildWorld();
  await readLearners();
});
afterEach(() => {
  vi.useRealTimers();
  db.close();
});

describe('LearningHoursService.forLearners', () => {
  it('sums the VALID certificates whose activity falls in the year, by source, in date order', async () => {
    const budi = await hours('budi', 2024);
    expect(budi).toMatchObject({ year: 2024, targetJp: 24, earnedJp: 34, remainingJp: 0, onTrack: true });
    expect(budi.bySource).toEqual([
      { source: 'WEBINAR', jp: 10 },
      { source: 'CURRICULUM', jp: 24 },
      { source: 'EXTERNAL', jp: 0 },
    ]);
    expect(budi.entries.map(({ source, title, jp, earnedAt }) => [source, title, jp, earnedAt])).toEqual([
      ['WEBINAR', 'Sesi S3', 2, '2024-01-01'],
      ['WEBINAR', 'Sesi S1', 3, '2024-03-05'],
      ['WEBINAR', 'Sesi S2', 5, '2024-11-20'],
      ['CURRICULUM', 'Akademi Pengentasan Kemiskinan', 24, '2024-12-15'],
    ]);
    const ids = await sqlRows<{ id: number }>(db, "SELECT id FROM certificates WHERE learner_id = ? AND activity_year = 2024 AND status = 'VALID'", learner('budi').id);
    expect(budi.entries.map((e) => e.certificateId).sort()).toEqual(ids.map((r) => r.id).sort());
    expect(await hours('budi', 2023)).toMatchObject({ earnedJp: 4, entries: [expect.objectContaining({ title: 'Sesi S0', earnedAt: '2023-06-10' })] });
    expect(await hours('budi', 2025)).toMatchObject({ earnedJp: 0, entries: [], bySource: [{ jp: 0 }, { jp: 0 }, { jp: 0 }] });
  });

  it('counts a certificate in the year of its activity in WIB, not of its issue nor of UTC', async () => {
    // S3 began at 2023-12-31 17:30 UTC; every certificate here was issued years later.
    expect((await hours('agus', 2024)).entries.map((e) => e.earnedAt)).toEqual(['2024-01-01', '2024-03-05', '2024-11-20']);
    expect((await hours('agus', 2023)).earnedJp).toBe(0);
  });

  it('leaves out a certificate once it is revoked', async () => {
    const { number } = (await sqlRow<{ number: string }>(db, "SELECT number FROM certificates WHERE learner_id = ? AND subject_type = 'COHORT'", learner('budi').id))!;
    unwrap('revoke', await services.certificates.revoke(SYSTEM, { number, reason: 'Data kelulusan salah' }));
    const budi = await hours('budi', 2024);
    expect(budi).toMatchObject({ earnedJp: 10, remainingJp: 14, onTrack: false });
    expect(budi.bySource.find((s) => s.source === 'CURRICULUM')).toEqual({ source: 'CURRICULUM', jp: 0 });
    expect(budi.entries.map((e) => e.title)).not.toContain('Akademi Pengentasan Kemiskinan');
  });

  it('sets the target by employment type and by the nearest institution up the tree that sets one', async () => {
    const targets: Record<string, number> = {};
    for (const who of NAMES) targets[who] = (await hours(who, 2024)).targetJp;
    expect(targets).toEqual({
      budi: 24, // KAB sets 24
      rina: 24, // PPPK has the same duty as PNS
      mulyono: 0, // NON_ASN has none
      dewi: 24, // DESA sets nothing; KAB above it does
      agus: 20, // nobody above PEMPROV sets one: the national 20
      eko: 40,
      fajar: 0, // UNIT's 0 is a target, not a gap: PUSAT's 40 does not apply
      gita: 0,
      sari: 20,
    });
    expect(Object.fromEntries(await services.learningHours.targetsFor([inst.DESA.id, inst.UNIT.id, inst.BPSDM.id]))).toEqual({
      [inst.DESA.id]: 24,
      [inst.UNIT.id]: 0,
      [inst.BPSDM.id]: 20,
    });
  });

  it('reports what remains, never below zero, and whether a past year met its target', async () => {
    const row = async (who: Person) => {
      const h = await hours(who, 2024);
      return [h.earnedJp, h.targetJp, h.remainingJp, h.onTrack];
    };
    expect(await row('rina')).toEqual([3, 24, 21, false]);
    expect(await row('mulyono')).toEqual([3, 0, 0, true]);
    expect(await row('agus')).toEqual([10, 20, 10, false]);
    expect(await row('fajar')).toEqual([5, 0, 0, true]);
    expect(await row('gita')).toEqual([0, 0, 0, true]);
  });

  it('answers many learners at once exactly as one at a time, in the order asked', async () => {
    const order: Person[] = ['sari', 'budi', 'gita', 'mulyono', 'agus', 'budi'];
    const together = await hoursOf(order, 2024);
    const oneByOne = [];
    for (const who of order) oneByOne.push(await hours(who, 2024));
    expect(together).toEqual(oneByOne);
  });

  it('judges the current year against the target pro-rated to today in WIB', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // Agus has 10 of 20 JP in 2024, a leap year: on track until half the year (183 of 366 days) has gone.
    vi.setSystemTime(new Date('2024-07-01T16:00:00Z')); // 1 July, 23:00 WIB: day 183
    expect((await hours('agus', 2024)).onTrack).toBe(true);
    vi.setSystemTime(new Date('2024-07-01T17:30:00Z')); // 2 July, 00:30 WIB: day 184
    expect((await hours('agus', 2024)).onTrack).toBe(false);
    expect((await hours('agus', 2025)).onTrack).toBe(true); // a year not yet begun
    vi.setSystemTime(new Date('2023-12-31T17:30:00Z')); // 1 January 2024 in WIB, still 2023 in UTC
    expect(await hours('budi', 2024)).toMatchObject({ earnedJp: 34, onTrack: true });
    expect((await hours('rina', 2024)).onTrack).toBe(true); // 3 >= 24 * 1/366
    expect((await hours('gita', 2023)).onTrack).toBe(true);
    expect((await hours('eko', 2023)).onTrack).toBe(false); // 2023 has ended in WIB: 0 of 40
  });
});

describe('onTrack', () => {
  const day = (iso: string) => DateTime.fromISO(iso, { zone: ISSUE_ZONE });

  it('asks past years for the whole target and nothing of future years', () => {
    const today = day('2024-03-01');
    expect(onTrack(19, 20, 2023, today)).toBe(false);
    expect(onTrack(20, 20, 2023, today)).toBe(true);
    expect(onTrack(0, 20, 2025, today)).toBe(true);
  });

  it('pro-rates the current year by the days gone, leap years included', () => {
    expect(onTrack(10, 20, 2024, day('2024-07-01'))).toBe(true); // 183/366
    expect(onTrack(9, 20, 2024, day('2024-07-01'))).toBe(false);
    expect(onTrack(10, 20, 2025, day('2025-07-02'))).toBe(false); // 183/365 of 20 is 10.03
    expect(onTrack(19, 20, 2025, day('2025-12-31'))).toBe(false);
    expect(onTrack(20, 20, 2025, day('2025-12-31'))).toBe(true);
    expect(onTrack(0, 0, 2025, day('2025-12-31'))).toBe(true);
  });
});

describe('checkYear', () => {
  it('accepts calendar years from 1990 to 2200', async () => {
    expect([1990, 2024, 2200].map(checkYear)).toEqual([1990, 2024, 2200]);
    for (const year of [1989, 2201, 2024.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(await refusal(() => checkYear(year))).toBe('BAD_USER_INPUT');
    }
  });
});

describe('LearningHoursService.summary', () => {
  const summary = (code: string, year: number, viewer: Viewer = SYSTEM) => services.learningHours.summary(viewer, inst[code], year);

  it('totals the learners of the institution and everything below it', async () => {
    expect(await summary('PEMPROV', 2024)).toEqual({
      year: 2024,
      learnerCount: 5, // budi, rina, mulyono (KAB), dewi (DESA), agus
      learnersMeetingTarget: 2, // budi 34/24, mulyono 3/0
      totalJp: 53,
      averageJp: 10.6,
      certificatesIssued: 10,
    });
    expect(await summary('KAB', 2024)).toMatchObject({ learnerCount: 4, learnersMeetingTarget: 2, totalJp: 43, certificatesIssued: 7 });
    expect(await summary('JATENG', 2024)).toMatchObject({ learnerCount: 1, totalJp: 5, certificatesIssued: 1 });
    expect(await summary('PEMPROV', 2023)).toMatchObject({ learnerCount: 5, learnersMeetingTarget: 1, totalJp: 4, certificatesIssued: 1 });
  });

  it('counts learners without certificates, and rounds the average to two places', async () => {
    expect(await summary('PUSAT', 2024)).toEqual({ year: 2024, learnerCount: 3, learnersMeetingTarget: 2, totalJp: 8, averageJp: 2.67, certificatesIssued: 2 });
  });

  it('answers zeros for an institution without learners', async () => {
    expect(await summary('BPSDM', 2024)).toEqual({ year: 2024, learnerCount: 0, learnersMeetingTarget: 0, totalJp: 0, averageJp: 0, certificatesIssued: 0 });
  });

  it('agrees with forLearners over every subtree and year', async () => {
    const learnersUnder = (path: string) => NAMES.filter((who) => inst[PEOPLE[who].at].path.startsWith(path));
    for (const code of Object.keys(inst)) {
      for (const year of [2023, 2024, 2025]) {
        const each = await hoursOf(learnersUnder(inst[code].path), year);
        const totalJp = each.reduce((sum, h) => sum + h.earnedJp, 0);
        expect(await summary(code, year), `${code} ${year}`).toEqual({
          year,
          learnerCount: each.length,
          learnersMeetingTarget: each.filter((h) => h.earnedJp >= h.targetJp).length,
          totalJp,
          averageJp: each.length === 0 ? 0 : Math.round((totalJp / each.length) * 100) / 100,
          certificatesIssued: each.reduce((sum, h) => sum + h.entries.length, 0),
        });
      }
    }
  });

  it('stops counting a revoked certificate', async () => {
    const { number } = (await sqlRow<{ number: string }>(db, "SELECT number FROM certificates WHERE learner_id = ? AND subject_type = 'COHORT'", learner('budi').id))!;
    unwrap('revoke', await services.certificates.revoke(SYSTEM, { number, reason: 'Data kelulusan salah' }));
    expect(await summary('PEMPROV', 2024)).toMatchObject({ learnersMeetingTarget: 1, totalJp: 29, certificatesIssued: 9 });
  });

  it('is for admins of the institution or one above it', async () => {
    expect((await summary('KAB', 2024, adminOf('PEMPROV'))).learnerCount).toBe(4);
    expect((await summary('DESA', 2024, adminOf('KAB'))).learnerCount).toBe(1);
    expect(await refusal(() => summary('PEMPROV', 2024, adminOf('KAB')))).toBe('FORBIDDEN');
    expect(await refusal(() => summary('KAB', 2024, adminOf('BPSDM')))).toBe('FORBIDDEN');
    expect(await refusal(() => summary('PEMPROV', 2024, adminOf('JATENG')))).toBe('FORBIDDEN');
    expect(await refusal(() => summary('KAB', 2024, viewerOf('SYNC_CLIENT', { institution: inst.KAB })))).toBe('FORBIDDEN');
    expect(await refusal(() => summary('KAB', 2024, viewerOf('LEARNER', { learnerId: learner('budi').id })))).toBe('FORBIDDEN');
  });

  it('refuses a year outside 1990-2200', async () => {
    expect(await refusal(() => summary('KAB', 1989))).toBe('BAD_USER_INPUT');
    expect(await refusal(() => summary('KAB', 2201))).toBe('BAD_USER_INPUT');
  });
});

describe('LearningHoursService.forLearners, for whom', () => {
  /** 'yes', or the code of the AppError that answers `viewer` in place of the hours. */
  const readable = async (viewer: Viewer, who: Person) => {
    const [answer] = await services.learningHours.forLearners(viewer, [learner(who)], 2024);
    return answer instanceof AppError ? answer.code : 'yes';
  };

  it("lets a learner see their own hours and their institutions' admins see theirs, and nobody else", async () => {
    expect(await readable(viewerOf('LEARNER', { learnerId: learner('dewi').id }), 'dewi')).toBe('yes');
    expect(await readable(viewerOf('LEARNER', { learnerId: learner('dewi').id }), 'budi')).toBe('FORBIDDEN');
    expect(await readable(adminOf('DESA'), 'dewi')).toBe('yes');
    expect(await readable(adminOf('KAB'), 'dewi')).toBe('yes');
    expect(await readable(adminOf('PEMPROV'), 'dewi')).toBe('yes');
    expect(await readable(adminOf('DESA'), 'budi')).toBe('FORBIDDEN');
    // BPSDM issued Dewi's certificates, but does not administer her.
    expect(await readable(adminOf('BPSDM'), 'dewi')).toBe('FORBIDDEN');
    expect(await readable(viewerOf('SYNC_CLIENT', { institution: inst.DESA }), 'dewi')).toBe('FORBIDDEN');
    expect(await readable(SYSTEM, 'sari')).toBe('yes');
  });
});
