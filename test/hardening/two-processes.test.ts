import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchLearners } from '../../bench/zoom-import';
import { decodeBitstring, getBit, statusPosition } from '../../src/modules/credentials/status-list';
import { startChildServer, stopChild, type ChildServer } from './child-server';
import { sqlRow, sqlRows } from '../support/sql';
import { freshDatabaseUrl, serverKeys } from '../support/test-database';
import { ATTENDEES, buildIssuanceWorld, certificateState, count, expectGapless, inspect, ISSUE, type IssuanceWorld } from './issuance-world';

/**
 * Two server processes on one database (a SQLite file, or a PostgreSQL
 * server's database when the run has one), each reached on its own port:
 * what one writes, the other must see at once, and writes that race through
 * both must neither double nor gap. (WEB_CONCURRENCY runs such processes
 * behind one port; here each is addressed on its own, so the test knows which
 * process answers.)
 */

const TOKEN = 'two-processes-superadmin-token-0123456789';

let dir: string;
let path: string;
let world: IssuanceWorld;
let a: ChildServer;
let b: ChildServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bangkom-two-'));
  path = await freshDatabaseUrl(dir);
  world = await buildIssuanceWorld(path);
  a = await startChildServer(path, TOKEN, serverKeys);
  b = await startChildServer(path, TOKEN, serverKeys);
}, 300_000);

afterAll(async () => {
  await Promise.all([a, b].filter(Boolean).map((s) => stopChild(s.child)));
  rmSync(dir, { recursive: true, force: true });
});

const ELIGIBILITY = `query($id: ID!) { node(id: $id) { ... on WebinarSession { eligibility(first: 5) { totalCount edges { node { eligible } } } } } }`;
const RECORD = `mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { recorded userErrors { code message } } }`;
const UPSERT = `mutation($input: CurriculumInput!, $key: String, $revision: Int) {
  upsertCurriculum(input: $input, idempotencyKey: $key, expectedRevision: $revision) { outcome curriculum { revision } userErrors { code } } }`;
const REVOKE = `mutation($input: RevokeCertificateInput!) { revokeCertificate(input: $input) { userErrors { code } } }`;

const curriculum = (title: string) => ({
  code: 'KUR-DUA',
  version: 1,
  title,
  ownerCode: 'BPSDM-JATIM',
  status: 'DRAFT',
  approach: 'OUTCOME_BASED',
  outcomes: [],
  modules: [],
});

describe('two server processes on one database', () => {
  it("serve a write through one process from the other's cached read at once", async () => {
    const eligibility = async (server: ChildServer) => (await server.gql(ELIGIBILITY, { id: world.zoomSession })).data.node.eligibility;
    // Judged and cached in A (UntilNextWrite), and asked again: A's answer comes from the cache.
    expect(await eligibility(a)).toMatchObject({ totalCount: 0 });
    expect(await eligibility(a)).toMatchObject({ totalCount: 0 });

    const entries = benchLearners(3).map((l) => ({ nip: l.nip, minutes: 90 }));
    expect((await b.gql(RECORD, { input: { sessionId: world.zoomSession, source: 'FORM', entries } })).data.recordAttendance).toEqual({ recorded: 3, userErrors: [] });

    expect(await eligibility(a)).toMatchObject({ totalCount: 3, edges: [{ node: { eligible: true } }, { node: { eligible: true } }, { node: { eligible: true } }] });
  });

  it('issue each certificate once, numbered without a gap, when both issue for the same session at the same time', async () => {
    const [fromA, fromB] = await Promise.all([a, b].map(async (server) => (await server.gql(ISSUE, { input: { sessionId: world.certificateSession } })).data.issueCertificates));
    expect([fromA.userErrors, fromB.userErrors]).toEqual([[], []]);
    // The write lock orders the two transactions: the second finds every certificate held.
    expect([fromA.issuedCount, fromB.issuedCount].sort((x, y) => x - y)).toEqual([0, ATTENDEES]);
    expect(fromA.alreadyIssuedCount + fromB.alreadyIssuedCount).toBe(ATTENDEES);

    const state = await certificateState(path);
    expectGapless(state);
    expect(state).toMatchObject({ certificates: ATTENDEES, audit: 1 });
    expect(await inspect(path, (db) => count(db, "events WHERE type = 'CERTIFICATE_ISSUED'"))).toBe(ATTENDEES);
  }, 120_000);

  it('answer an idempotent mutation raced through both with one write and the same answer', async () => {
    const answers = await Promise.all(
      [a, b, a, b].map(async (server) => (await server.gql(UPSERT, { input: curriculum('Kurikulum dua proses'), key: 'race-1' })).data.upsertCurriculum),
    );
    expect(answers[0]).toMatchObject({ outcome: 'CREATED', userErrors: [] });
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await inspect(path, (db) => sqlRow(db, "SELECT count(*) AS n, max(revision) AS revision FROM curricula WHERE code = 'KUR-DUA'"))).toEqual({ n: 1, revision: 1 });
    expect(await inspect(path, (db) => count(db, "idempotency_keys WHERE key = 'race-1'"))).toBe(1);
  });

  it('let one of two updates expecting the same revision through, and refuse the other', async () => {
    const revision = (await a.gql(UPSERT, { input: curriculum('Kurikulum dua proses') })).data.upsertCurriculum.curriculum.revision;
    const answers = await Promise.all(
      [a, b].map(async (server, i) => (await server.gql(UPSERT, { input: curriculum(`Revisi dari proses ${i}`), revision })).data.upsertCurriculum),
    );
    expect(answers.map((x) => x.outcome).sort()).toEqual(['CONFLICT', 'UPDATED']);
    expect(await inspect(path, (db) => sqlRow(db, "SELECT revision FROM curricula WHERE code = 'KUR-DUA'"))).toEqual({ revision: revision + 1 });
  });

  it("serve a revocation through one process in the other's signed status list at once", async () => {
    const { id, number } = (await inspect(path, (db) => sqlRow<{ id: number; number: string }>(db, 'SELECT id, number FROM certificates ORDER BY id LIMIT 1')))!;
    const { list, index } = statusPosition(id);
    const statusList = async (server: ChildServer) => {
      const jwt = await (await fetch(new URL(`/credentials/status/${list}`, server.url))).text();
      return { jwt, revoked: getBit(decodeBitstring((decodeJwt(jwt) as any).credentialSubject.encodedList), index) };
    };
    const before = await statusList(a);
    expect(before.revoked).toBe(false);
    expect((await statusList(a)).jwt).toBe(before.jwt); // signed once, then served from A's cache

    expect((await b.gql(REVOKE, { input: { number, reason: 'Kehadiran tidak sah' } })).data.revokeCertificate.userErrors).toEqual([]);
    expect((await statusList(a)).revoked).toBe(true);
  });

  it('let a change-feed poller see every event once and in order while both write', async () => {
    const FEED = `query($after: String) { events(after: $after, first: 25) { edges { node { sequence } } pageInfo { endCursor } } }`;
    let cursor: string | null = null;
    const seen: number[] = [];
    const poll = async (server: ChildServer) => {
      const page = (await server.gql(FEED, { after: cursor })).data.events;
      seen.push(...page.edges.map((e: { node: { sequence: number } }) => e.node.sequence));
      cursor = page.pageInfo.endCursor ?? cursor;
      return page.edges.length;
    };
    let writing = true;
    const poller = (async () => {
      for (let turn = 0; writing; turn++) await poll(turn % 2 ? a : b);
      while ((await poll(a)) > 0);
    })();
    await Promise.all(
      [a, b].map(async (server, i) => {
        for (let n = 0; n < 15; n++) {
          const answer = (await server.gql(UPSERT, { input: { ...curriculum(`Umpan ${i}-${n}`), code: `KUR-UMPAN-${i}-${n}` } })).data.upsertCurriculum;
          expect(answer.userErrors).toEqual([]);
        }
      }),
    );
    writing = false;
    await poller;
    const all = await inspect(path, (db) => sqlRows<{ sequence: number }>(db, 'SELECT sequence FROM events ORDER BY sequence'));
    expect(all.length).toBeGreaterThanOrEqual(30);
    expect(seen).toEqual(all.map((r) => r.sequence));
  }, 120_000);
});
