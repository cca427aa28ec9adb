import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { demoNip } from '../../../src/seed/demo-people';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { op } from '../../support/contract';

const PEOPLE = 24;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  const { services } = t.app;
  await services.institutions.create(SYSTEM, { code: 'BPSDM-JATIM', name: 'BPSDM Jawa Timur', kind: 'TRAINING_AGENCY' });
  const levels = [1, 2, 3, 4, 5].map((level) => ({ level, description: `Level ${level}` }));
  await services.competencies.upsertFramework(SYSTEM, { code: 'FW', name: 'FW', version: 1, competencies: [{ code: 'M.02', name: 'Kerjasama', group: 'MANAGERIAL', levels }] });
  const learners = Array.from({ length: PEOPLE }, (_, i) => ({ nip: demoNip(i), email: `p${i}@jatimprov.go.id`, name: `Peserta ${i}`, employmentType: 'PNS' as const }));
  await services.learners.importLearners(SYSTEM, { institutionCode: 'BPSDM-JATIM', learners });
  await services.webinars.createSeries(SYSTEM, { code: 'MITK', title: 'MITK', organizerCode: 'BPSDM-JATIM' });
  const header = 'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest';
  for (let n = 1; n <= PEOPLE; n++) {
    const day = String(n).padStart(2, '0');
    const session = await services.webinars.scheduleSession(SYSTEM, {
      seriesCode: 'MITK',
      number: n,
      title: `Sesi ${n}`,
      startsAt: `2024-10-${day}T09:00:00+07:00`,
      endsAt: `2024-10-${day}T11:00:00+07:00`,
      jp: 2,
      channels: [{ platform: 'ZOOM' }, { platform: 'YOUTUBE', url: 'https://youtube.com/x' }],
      competencyCodes: ['M.02'],
    });
    if (!session.ok) throw new Error('session');
    const rows = learners.flatMap((l, i) => [
      `${l.name},${l.email},10/${day}/2024 09:00:00 AM,10/${day}/2024 09:30:00 AM,30,No`,
      `${l.name},${l.email},10/${day}/2024 09:40:00 AM,10/${day}/2024 10:${String(i).padStart(2, '0')}:00 AM,${i},No`,
    ]);
    rows.push(`Guest ${n},,10/${day}/2024 09:00:00 AM,10/${day}/2024 09:30:00 AM,30,Yes`);
    const r = await services.attendanceImports.importZoom(SYSTEM, { sessionId: session.value.id, fileName: 'r.csv', csv: [header, ...rows].join('\n') });
    if (!r.ok) throw new Error('import');
  }
});
afterAll(() => t.close());

async function statements(query: string, variables: Record<string, unknown>, token?: string) {
  const before = t.app.db.statements.count;
  const r = await t.gql(query, variables, token);
  dataOf(r);
  return { count: t.app.db.statements.count - before, data: r.data };
}

describe('SQL statements per request do not grow with the page', () => {
  it('SessionAttendance', async () => {
    const small = await statements(op('SessionAttendance'), { seriesCode: 'MITK', number: 3, first: 2 });
    const large = await statements(op('SessionAttendance'), { seriesCode: 'MITK', number: 3, first: 20 });
    expect(large.data.webinarSession.attendances.edges).toHaveLength(20);
    expect(large.data.webinarSession.attendances.edges[0].node.intervals).toHaveLength(2);
    expect(large.count).toBe(small.count);
  });

  it('Learner.attendances, with eligibility (MyAttendance)', async () => {
    const learner = await t.token('LEARNER', { nip: demoNip(5) });
    const query = `query Mine($first: Int) { viewer { learner { attendances(first: $first) { edges { node {
      minutes source firstJoinAt lastLeaveAt intervals { joinedAt leftAt } session { id number title startsAt jp series { code title } }
      eligibility { eligible criteria { kind met actual required reason } certificate { number status } } } } } } } }`;
    const small = await statements(query, { first: 2 }, learner);
    const large = await statements(query, { first: 20 }, learner);
    expect(large.data.viewer.learner.attendances.edges).toHaveLength(20);
    expect(large.data.viewer.learner.attendances.edges[0].node).toMatchObject({ minutes: 55, session: { number: 24 } });
    expect(large.count).toBe(small.count);
  });

  it('webinarSessions', async () => {
    const query = `query S($first: Int) { webinarSessions(first: $first) { totalCount edges { node {
      number startsAt channels { platform url } competencies { code name } certificateRule { code } series { code organizer { code name } }
      attendanceSummary { attendees totalMinutes averageMinutes unmatchedRows } imports { rowsMatched } } } } }`;
    const small = await statements(query, { first: 2 });
    const large = await statements(query, { first: 20 });
    expect(large.data.webinarSessions.edges[19].node.attendanceSummary).toEqual({
      attendees: PEOPLE,
      // Learner i: 09:00-09:30 and 09:40-10:i, i.e. 50 + i minutes.
      totalMinutes: PEOPLE * 50 + (PEOPLE * (PEOPLE - 1)) / 2,
      averageMinutes: 50 + (PEOPLE - 1) / 2,
      unmatchedRows: 1,
    });
    expect(large.count).toBe(small.count);
  });
});
