import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app';
import { startChildServer, stopChild, waitForWriteLock, type ChildServer } from './child-server';
import { ATTENDEES, buildIssuanceWorld, certificateState, count, expectGapless, inspect, ISSUE, type IssuanceWorld } from './issuance-world';

const TOKEN = 'graceful-stop-superadmin-token-0123456789';

let dir: string;
let server: ChildServer | undefined;
/** A database with an issuance world per process count, so each run issues the same certificates afresh. */
const worlds = new Map<number, { path: string; world: IssuanceWorld }>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bangkom-stop-'));
  for (const processes of [1, 2]) {
    const path = join(dir, `stop-${processes}.sqlite`);
    worlds.set(processes, { path, world: await buildIssuanceWorld(path) });
  }
}, 300_000);

afterAll(async () => {
  if (server) await stopChild(server.child);
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A request the server has accepted (it answered `100 Continue` to the headers)
 * whose body the client sends only when told: it holds the server open at will.
 */
async function heldRequest(url: string, body: string) {
  const req = request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, 'content-length': Buffer.byteLength(body), expect: '100-continue' },
  });
  const response = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.on('response', async (res: IncomingMessage) => {
      let text = '';
      for await (const chunk of res) text += chunk;
      resolve({ status: res.statusCode!, body: JSON.parse(text) });
    });
    req.on('error', reject);
  });
  void response.catch(() => undefined); // looked at when sent; the process may go first
  req.flushHeaders();
  await once(req, 'continue');
  return { send: () => (req.end(body), response) };
}

/** Tries new connections until one is refused; false if none was before `gaveUp()`. */
async function waitForRefusal(port: number, gaveUp: () => boolean): Promise<boolean> {
  while (!gaveUp()) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });
    if (refused) return true;
    await sleep(5);
  }
  return false;
}

const CREATE = `mutation($input: CreateInstitutionInput!) { createInstitution(input: $input) { institution { code } userErrors { code } } }`;

describe.each([1, 2])('graceful stop on SIGTERM, WEB_CONCURRENCY=%i', (processes) => {
  const env = { WEB_CONCURRENCY: String(processes) };

  it('finishes the requests in flight and their writes, refuses new connections, exits 0, and the writes are there after restart', async () => {
    const { path, world } = worlds.get(processes)!;
    server = await startChildServer(path, TOKEN, env);
    const { child } = server;
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;

    const held = await heldRequest(server.url, JSON.stringify({ query: CREATE, variables: { input: { code: 'AFTER-SIGTERM', name: 'Written after SIGTERM', kind: 'GOVERNMENT_UNIT' } } }));
    let issued = false;
    const issuing = server.gql(ISSUE, { input: { sessionId: world.certificateSession } }).finally(() => (issued = true));
    expect(await waitForWriteLock(path, () => issued)).toBe(true);

    child.kill('SIGTERM');
    const port = Number(new URL(server.url).port);
    expect(await waitForRefusal(port, () => child.exitCode !== null || child.signalCode !== null)).toBe(true);
    expect(child.exitCode).toBeNull();

    expect(await issuing).toMatchObject({ data: { issueCertificates: { issuedCount: ATTENDEES, alreadyIssuedCount: 0, userErrors: [] } } });
    expect(await held.send()).toMatchObject({ status: 200, body: { data: { createInstitution: { institution: { code: 'AFTER-SIGTERM' }, userErrors: [] } } } });
    expect(await exited).toEqual([0, null]);
    // 'exit' may come before the last log lines (the workers' too) are read from the pipe.
    if (!child.stdout!.readableEnded) await once(child.stdout!, 'end');
    const logged = server.output();
    expect(logged).toMatch(/"signal":"SIGTERM".*"msg":"stopping/);
    expect(logged).toMatch(/"msg":"stopped"/);
    if (processes > 1) {
      // The primary asked every worker; each finished its own requests and said so.
      for (let worker = 1; worker <= processes; worker++) expect(logged).toMatch(new RegExp(`"worker":${worker},"msg":"stopped"`));
      expect(logged).toMatch(/"exitCode":0,"msg":"stopped"/);
    }

    const state = await certificateState(path);
    expectGapless(state);
    expect(state).toMatchObject({ certificates: ATTENDEES, audit: 1 });
    expect(await inspect(path, (db) => count(db, "institutions WHERE code = 'AFTER-SIGTERM'"))).toBe(1);

    server = await startChildServer(path, TOKEN, env);
    const again = (await server.gql(ISSUE, { input: { sessionId: world.certificateSession } })).data!.issueCertificates;
    expect(again).toMatchObject({ issuedCount: 0, alreadyIssuedCount: ATTENDEES });
    await stopChild(server.child);
  }, 300_000);

  it('gives up after 10 s with exit code 1 when a request never finishes, and says so', async () => {
    server = await startChildServer(worlds.get(processes)!.path, TOKEN, env);
    const { child } = server;
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const held = await heldRequest(server.url, JSON.stringify({ query: '{ __typename }' }));
    child.kill('SIGTERM');
    expect(await exited).toEqual([1, null]);
    expect(server.output()).toMatch(/"deadlineMs":10000,"msg":"graceful stop took too long; exiting"/);
    await expect(held.send()).rejects.toThrow();
  }, 60_000);
});

describe('signal handlers', () => {
  it('is main.ts that handles the signals: building the server adds no handler of its own', async () => {
    const before = { SIGTERM: process.listenerCount('SIGTERM'), SIGINT: process.listenerCount('SIGINT') };
    // Apollo Server decides from the process's NODE_ENV, which vitest sets to `test`.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    const test = await startTestApp({ NODE_ENV: 'production' }).finally(() => (process.env.NODE_ENV = nodeEnv));
    try {
      expect({ SIGTERM: process.listenerCount('SIGTERM'), SIGINT: process.listenerCount('SIGINT') }).toEqual(before);
    } finally {
      await test.close();
    }
  });
});
