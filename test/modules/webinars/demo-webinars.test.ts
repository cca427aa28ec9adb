import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LEARNERS } from '../../../src/seed/demo-people';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { op } from '../../support/contract';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
});
afterAll(() => t.close());

describe('demo webinars seed', () => {
  it('seeds session 41 with Zoom and form attendance, and an upcoming session 42', async () => {
    const data = dataOf(await t.gql(op('SessionAttendance'), { seriesCode: 'MITK', number: 41 }));
    const session = data.webinarSession;
    const minutes = Object.fromEntries(session.attendances.edges.map((e: any) => [e.node.learner.name, [e.node.minutes, e.node.source]]));
    expect(minutes).toEqual({
      'Siti Nurhaliza': [182, 'ZOOM_REPORT'],
      'Agus Setiawan': [175, 'ZOOM_REPORT'],
      'Dewi Lestari': [173, 'ZOOM_REPORT'],
      'Bambang Sutrisno': [178, 'ZOOM_REPORT'],
      'Rina Wulandari': [45, 'ZOOM_REPORT'],
      'Hendra Gunawan': [180, 'ZOOM_REPORT'],
      'Yuliana Putri': [155, 'ZOOM_REPORT'],
      'Eko Prasetyo': [90, 'ZOOM_REPORT'],
      [DEMO_LEARNERS[12].name]: [175, 'FORM'],
      [DEMO_LEARNERS[13].name]: [60, 'FORM'],
      Mulyono: [150, 'FORM'],
    });
    expect(session.attendanceSummary.unmatchedRows).toBe(1);
    expect(session.unmatchedAttendance.edges[0].node.displayName).toBe('Pak Camat (Tamu)');

    const upcoming = await t.gql('{ webinarSessions(filter: { from: "2026-01-01T00:00:00+07:00" }) { edges { node { number } } } }', {}, null);
    expect(upcoming.data.webinarSessions.edges).toEqual([{ node: { number: 42 } }]);
  });
});
