import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { op } from '../../support/contract';
import { seedPeople } from './setup';
import { sqlRow } from '../../support/sql';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedPeople(t.app.services);
});
afterAll(() => t.close());

/** ScheduleWebinarSession with the series it belongs to. */
const SCHEDULE = `mutation Schedule($input: ScheduleWebinarSessionInput!) {
  scheduleWebinarSession(input: $input) {
    session { id number title startsAt endsAt jp channels { platform url } competencies { code } certificateRule { code version } series { code organizer { code } } }
    userErrors { field message code }
  }
}`;

const SESSIONS = `query Sessions($filter: WebinarSessionFilter, $first: Int, $after: String) {
  webinarSessions(filter: $filter, first: $first, after: $after) {
    totalCount
    edges { node { number title startsAt endsAt jp channels { platform url } series { code title organizer { code name } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const session41 = {
  seriesCode: 'MITK',
  number: 41,
  title: 'Sinergi Data Kemiskinan',
  startsAt: '2024-10-24T09:00:00+07:00',
  endsAt: '2024-10-24T11:00:00+07:00',
  jp: 3,
  channels: [{ platform: 'ZOOM' }, { platform: 'YOUTUBE', url: 'https://www.youtube.com/@bpsdmjatimtv' }],
  competencyCodes: ['T.KEM.01', 'M.02'],
  certificateRuleCode: 'MITK-E-CERT',
};

describe('webinar series and sessions', () => {
  it('creates a series for an institution the admin manages', async () => {
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'BPSDM-JATIM' });
    const r = dataOf(
      await t.gql(op('CreateWebinarSeries'), { input: { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan', organizerCode: 'BPSDM-JATIM' } }, admin),
    );
    expect(r.createWebinarSeries).toMatchObject({ userErrors: [], series: { code: 'MITK', organizer: { code: 'BPSDM-JATIM' } } });

    const again = dataOf(await t.gql(op('CreateWebinarSeries'), { input: { code: 'mitk', title: 'Again', organizerCode: 'BPSDM-JATIM' } }, admin));
    expect(again.createWebinarSeries.userErrors).toEqual([expect.objectContaining({ field: ['code'], code: 'ALREADY_EXISTS' })]);

    const outside = await t.gql(op('CreateWebinarSeries'), { input: { code: 'X', title: 'X', organizerCode: 'KAB-PROBOLINGGO' } }, admin);
    expect(outside.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('schedules a numbered session that keeps its offset', async () => {
    const r = dataOf(await t.gql(SCHEDULE, { input: session41 }));
    expect(r.scheduleWebinarSession.userErrors).toEqual([]);
    expect(r.scheduleWebinarSession.session).toMatchObject({
      number: 41,
      startsAt: '2024-10-24T09:00:00+07:00',
      endsAt: '2024-10-24T11:00:00+07:00',
      jp: 3,
      channels: [{ platform: 'ZOOM', url: null }, { platform: 'YOUTUBE', url: 'https://www.youtube.com/@bpsdmjatimtv' }],
      competencies: [{ code: 'M.02' }, { code: 'T.KEM.01' }],
      certificateRule: { code: 'MITK-E-CERT', version: 1 },
      series: { code: 'MITK', organizer: { code: 'BPSDM-JATIM' } },
    });
    const wita = dataOf(await t.gql(SCHEDULE, { input: { ...session41, number: 42, startsAt: '2024-11-07T10:00:00+08:00', endsAt: '2024-11-07T04:00:00Z', competencyCodes: [] } }));
    expect(wita.scheduleWebinarSession.session).toMatchObject({ startsAt: '2024-11-07T10:00:00+08:00', endsAt: '2024-11-07T12:00:00+08:00' });
  });

  it('reports bad sessions as userErrors and writes nothing', async () => {
    const before = await sqlRow(t.app.db, 'SELECT count(*) AS n FROM webinar_sessions');
    const r = dataOf(
      await t.gql(SCHEDULE, {
        input: { ...session41, endsAt: '2024-10-24T08:00:00+07:00', jp: -1, channels: [{ platform: 'YOUTUBE', url: 'not a link' }] },
      }),
    );
    expect(r.scheduleWebinarSession.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code]).sort()).toEqual([
      ['channels.0.url', 'INVALID'],
      ['endsAt', 'INVALID'],
      ['jp', 'OUT_OF_RANGE'],
      ['number', 'ALREADY_EXISTS'],
    ]);
    const unknown = dataOf(await t.gql(SCHEDULE, { input: { ...session41, seriesCode: 'NOPE' } }));
    expect(unknown.scheduleWebinarSession.userErrors).toEqual([expect.objectContaining({ field: ['seriesCode'], code: 'NOT_FOUND' })]);
    expect(await sqlRow(t.app.db, 'SELECT count(*) AS n FROM webinar_sessions')).toEqual(before);
  });

  it('lists sessions publicly, filtered and paginated', async () => {
    const all = await t.gql(SESSIONS, { first: 1 }, null);
    expect(all.errors).toBeUndefined();
    expect(all.data.webinarSessions).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    expect(all.data.webinarSessions.edges[0].node).toMatchObject({ number: 41, series: { code: 'MITK', organizer: { code: 'BPSDM-JATIM', name: 'BPSDM Jawa Timur' } } });
    const next = dataOf(await t.gql(SESSIONS, { first: 1, after: all.data.webinarSessions.pageInfo.endCursor }, null));
    expect(next.webinarSessions.edges.map((e: any) => e.node.number)).toEqual([42]);

    const upcoming = dataOf(await t.gql(SESSIONS, { filter: { from: '2024-11-01T00:00:00+07:00' } }, null));
    expect(upcoming.webinarSessions.edges.map((e: any) => e.node.number)).toEqual([42]);
    const past = dataOf(await t.gql(SESSIONS, { filter: { to: '2024-11-01T00:00:00+07:00', competencyCode: 'T.KEM.01', organizerCode: 'bpsdm-jatim' } }, null));
    expect(past.webinarSessions.edges.map((e: any) => e.node.number)).toEqual([41]);
    const bySeries = dataOf(await t.gql('{ webinarSession(seriesCode: "MITK", number: 42) { series { sessions(first: 5) { totalCount edges { node { number } } } } } }', {}, null));
    expect(bySeries.webinarSession.series.sessions).toEqual({ totalCount: 2, edges: [{ node: { number: 41 } }, { node: { number: 42 } }] });
    const none = dataOf(await t.gql(SESSIONS, { filter: { seriesCode: 'OTHER' } }, null));
    expect(none.webinarSessions.totalCount).toBe(0);
  });

  it('refetches sessions and series as nodes', async () => {
    const listed = dataOf(await t.gql('{ webinarSessions(first: 1) { edges { node { id series { id } } } } }', {}, null));
    const { id, series } = listed.webinarSessions.edges[0].node;
    const query = 'query N($id: ID!) { node(id: $id) { __typename ... on WebinarSession { number } ... on WebinarSeries { code } } }';
    expect(dataOf(await t.gql(query, { id })).node).toEqual({ __typename: 'WebinarSession', number: 41 });
    expect(dataOf(await t.gql(query, { id: series.id })).node).toEqual({ __typename: 'WebinarSeries', code: 'MITK' });
  });

  it('needs an admin token to create or schedule', async () => {
    const anonymous = await t.gql(op('CreateWebinarSeries'), { input: { code: 'A', title: 'A', organizerCode: 'BPSDM-JATIM' } }, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const learner = await t.token('LEARNER', { nip: '198501012010011001' });
    const r = await t.gql(SCHEDULE, { input: { ...session41, number: 50 } }, learner);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const probolinggo = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB-PROBOLINGGO' });
    const s = await t.gql(SCHEDULE, { input: { ...session41, number: 50 } }, probolinggo);
    expect(s.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
