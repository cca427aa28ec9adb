import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/auth/viewer';
import { AppError } from '../../src/core/errors';
import { statement } from '../../src/db/statement';
import { dataOf } from '../support/app';
import { op } from '../support/contract';
import { countTwiceTask, failTask, hold, holdTask } from '../support/holding-task';
import { buildWorld, type World } from '../hardening/world';

/** The app's worker module plus a task that holds the worker until released. */
const HOLDING_WORKER = join(__dirname, '../support/holding-read-worker.ts');
const YEAR = new Date().getFullYear();

let w: World;
let closed = false;
const pool = () => w.t.app.services.readPool;
const raw = () => w.t.app.db.readRaw;
const noMinutes = statement<[number, number]>('UPDATE session_attendance SET minutes = 0 WHERE session_id = ? AND learner_id = ?');
const eligibility = (token = w.tokens.rightAdmin) => w.t.gql(op('SessionEligibility'), { seriesCode: 'MITK', number: 41, first: 100 }, token);

beforeAll(async () => {
  // One worker and room for one waiting task, so the tests can fill the queue.
  w = await buildWorld({ READ_WORKERS: '1', READ_QUEUE: '1' }, { readWorkerFile: HOLDING_WORKER });
}, 60_000);
afterAll(async () => {
  if (!closed) await w.t.close();
});

describe('the read pool on a worker thread', () => {
  it('answers a learner while heavy work holds the only worker; the admin page queued behind it follows', async () => {
    const h = hold();
    const held = pool().run(holdTask, { signal: h.signal });
    await h.started;
    const settled: string[] = [];
    const page = eligibility().then((r) => (settled.push('eligibility page'), r));
    const mine = dataOf(await w.t.gql(op('MyProgress'), { year: YEAR }, w.tokens.learner));
    settled.push('learner');
    expect(mine.viewer.learner.nip).toBe(w.learnerNip);
    expect(settled).toEqual(['learner']);
    h.release();
    expect(await held).toBe('released');
    expect(dataOf(await page).webinarSession.eligibility.totalCount).toBeGreaterThan(0);
    expect(settled).toEqual(['learner', 'eligibility page']);
  });

  it('refuses work beyond its queue with SERVER_BUSY, and a 503 on an export; takes work again once it drains', async () => {
    const h = hold();
    const held = pool().run(holdTask, { signal: h.signal });
    await h.started;
    const queued = eligibility();
    const busy = await eligibility();
    expect(busy.data?.webinarSession?.eligibility ?? null).toBeNull();
    expect(busy.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('busy'), extensions: { code: 'SERVER_BUSY' } })]);
    const base = w.t.url.replace(/\/graphql$/, '');
    const response = await fetch(`${base}/exports/sessions/${w.sessionId}/eligibility.csv`, { headers: { authorization: `Bearer ${w.tokens.rightAdmin}` } });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'SERVER_BUSY' } }] });
    h.release();
    await held;
    expect(dataOf(await queued).webinarSession.eligibility.totalCount).toBeGreaterThan(0);
    expect(dataOf(await eligibility()).webinarSession.eligibility.totalCount).toBeGreaterThan(0);
  });

  it("sees a commit at once, though the worker keeps the session's judgement until the next write", async () => {
    const before = dataOf(await eligibility()).webinarSession.eligibility.edges.map((e: any) => e.node);
    const target = before.find((n: any) => n.eligible && n.criteria.some((c: any) => c.kind === 'ATTENDANCE_MINUTES'));
    expect(target).toBeDefined();
    const learnerId = (raw().prepare('SELECT id FROM learners WHERE name = ? ORDER BY id').get(target.learner.name) as { id: number }).id;
    const sessionRowId = (raw().prepare('SELECT id FROM webinar_sessions WHERE number = 41').get() as { id: number }).id;
    await w.t.app.db.write(async (tx) => {
      await noMinutes(tx).run(sessionRowId, learnerId);
    });
    const after = dataOf(await eligibility()).webinarSession.eligibility.edges.map((e: any) => e.node);
    expect(after.find((n: any) => n.learner.nip === target.learner.nip)).toMatchObject({ eligible: false });
    expect(after.length).toBe(before.length);
  });

  it('reads one snapshot per task: a commit made while it runs is seen by the next task, not halfway through', async () => {
    const h = hold();
    const counting = pool().run(countTwiceTask, { signal: h.signal });
    await h.started;
    const imported = await w.t.app.services.learners.importLearners(SYSTEM, {
      institutionCode: 'PEMPROV-JATIM',
      learners: [{ nip: null, email: 'snapshot@jatimprov.go.id', name: 'Snapshot Test', employmentType: 'NON_ASN' }],
    });
    expect(imported.ok).toBe(true);
    h.release();
    const [before, after] = await counting;
    expect(after).toBe(before);
    const next = hold();
    const again = pool().run(countTwiceTask, { signal: next.signal });
    await next.started;
    next.release();
    expect(await again).toEqual([before + 1, before + 1]);
  });

  it('sends an AppError back with its code and message; any other error stays an error without reaching a client as such', async () => {
    const viewer = await w.t.app.services.access.authenticate(w.tokens.wrongAdmin!);
    const sessionRowId = (raw().prepare('SELECT id FROM webinar_sessions WHERE number = 41').get() as { id: number }).id;
    let here: unknown;
    try {
      await w.t.app.services.eligibility.pageHere(viewer, 'SESSION', sessionRowId, { first: 10 });
    } catch (e) {
      here = e;
    }
    expect(here).toBeInstanceOf(AppError);
    const there = await w.t.app.services.eligibility.page(viewer, 'SESSION', sessionRowId, { first: 10 }).catch((e: unknown) => e);
    expect(there).toBeInstanceOf(AppError);
    expect(there).toMatchObject({ code: (here as AppError).code, message: (here as AppError).message });
    const failed = await pool().run(failTask, {}).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(Error);
    expect(failed).not.toBeInstanceOf(AppError);
  });

  it("answers an institution's progress summary as the service does on the event loop", async () => {
    const viaWorker = dataOf(await w.t.gql(op('InstitutionDashboard'), { code: 'PEMPROV-JATIM', year: YEAR }, w.tokens.rightAdmin)).institution.progressSummary;
    const institution = (await w.t.app.services.institutions.findByCode('PEMPROV-JATIM'))!;
    expect(viaWorker).toMatchObject(await w.t.app.services.learningHours.summary(SYSTEM, institution, YEAR));
    expect(viaWorker.learnerCount).toBeGreaterThan(0);
  });

  it("pages an institution's learners by earned JP on the worker, as the service pages them here", async () => {
    const query = `query($code: String!, $year: Int!, $after: String) { institution(code: $code) {
      learners(first: 1, after: $after, orderBy: { field: EARNED_JP, direction: DESC }, year: $year) {
        totalCount edges { cursor node { id nip name } } pageInfo { hasNextPage endCursor } } } }`;
    const institution = (await w.t.app.services.institutions.findByCode('PEMPROV-JATIM'))!;
    // It waits for the worker: held, a learner is answered and the page is not.
    const h = hold();
    const held = pool().run(holdTask, { signal: h.signal });
    await h.started;
    const settled: string[] = [];
    const first = w.t.gql(query, { code: 'PEMPROV-JATIM', year: YEAR, after: null }, w.tokens.rightAdmin).then((r) => (settled.push('earned JP page'), r));
    dataOf(await w.t.gql(op('MyProgress'), { year: YEAR }, w.tokens.learner));
    settled.push('learner');
    h.release();
    await held;
    expect(dataOf(await first).institution.learners.edges).toHaveLength(1);
    expect(settled).toEqual(['learner', 'earned JP page']);
    let after: string | null = null;
    let pages = 0;
    do {
      const viaWorker: any = dataOf(await w.t.gql(query, { code: 'PEMPROV-JATIM', year: YEAR, after }, w.tokens.rightAdmin)).institution.learners;
      const here = await w.t.app.services.learners.institutionPage(SYSTEM, institution, { first: 1, after, orderBy: { field: 'EARNED_JP', direction: 'DESC' }, year: YEAR });
      expect(viaWorker.edges.map((e: { cursor: string; node: { nip: string } }) => [e.cursor, e.node.nip])).toEqual(here.edges.map((e) => [e.cursor, e.node.nip]));
      expect(viaWorker.totalCount).toBeGreaterThan(1);
      after = viaWorker.pageInfo.hasNextPage ? viaWorker.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBeGreaterThan(1);
  });

  it("counts a learner search's matches on the worker, as the service counts them here", async () => {
    const viewer = await w.t.app.services.access.authenticate(w.tokens.rightAdmin!);
    const found = dataOf(await w.t.gql(op('FindLearners'), { search: 'probolinggo', first: 2 }, w.tokens.rightAdmin)).learners;
    expect(found.totalCount).toBe(await w.t.app.services.learners.browseCount(viewer, { search: 'probolinggo' }));
    expect(found.totalCount).toBeGreaterThan(found.edges.length);
  });

  it('stops its worker when the app closes; later work is refused', async () => {
    await w.t.close();
    closed = true;
    await expect(pool().run(holdTask, { signal: new SharedArrayBuffer(8) })).rejects.toThrow(/closed/);
  });
});
