import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { SYSTEM } from '../src/auth/viewer';
import { createServices } from '../src/composition/services';
import { loadConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/database';
import { DeliveryWorker } from '../src/modules/webhooks/delivery-worker';

const EVENTS = 2_000;
const SUBSCRIPTIONS = 4;

/** `count` LEARNER_CHANGED events of the institution, in one transaction, as an import would write them. */
const writeEvents = (db: Database, institutionId: number, count: number) =>
  db.write(async (tx) =>
    await tx.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})
      INSERT INTO events (type, occurred_at, institution_id, payload)
      SELECT 'LEARNER_CHANGED', ${Date.now()}, ${institutionId}, json_object('n', i, 'institutionCode', 'BENCH') FROM n`),
  );

/**
 * Webhook delivery to a receiver on loopback that answers 200 at once, with
 * the worker as the server runs it (real HTTP, signatures, leases, one
 * write to claim and one to record each attempt): events per second to one
 * subscription (strictly one at a time, in order) and to several at once;
 * and the time from a commit to the receiver with the worker idle.
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-bench-webhooks-'));
  let received = 0;
  let onReceive: () => void = () => undefined;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      onReceive();
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const config = loadConfig({ DATABASE_URL: join(dir, 'bench.sqlite'), SEED_DEMO: 'false', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  const db = openDatabase(config.databasePath);
  const services = createServices(db, config);
  const worker = new DeliveryWorker(db, db.backgroundReader(), services.webhooks.key, { allowPrivate: true });
  try {
    const institution = await services.institutions.create(SYSTEM, { code: 'BENCH', name: 'Bench', kind: 'LOCAL_GOVERNMENT' });
    if (!institution.ok) throw new Error(JSON.stringify(institution.errors));
    const subscribe = async () => {
      const r = await services.webhooks.create(SYSTEM, { institutionCode: 'BENCH', url, eventTypes: ['LEARNER_CHANGED'] });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.value.subscription.id;
    };
    const deliver = async (subscriptions: number, events: number) => {
      const ids = [];
      for (let i = 0; i < subscriptions; i++) ids.push(await subscribe());
      await writeEvents(db, institution.value.id, events);
      received = 0;
      const started = performance.now();
      while (received < subscriptions * events) await worker.runOnce();
      const seconds = (performance.now() - started) / 1000;
      for (const id of ids) await services.webhooks.update(SYSTEM, { id, active: false });
      return Math.round((subscriptions * events) / seconds);
    };
    const one = await deliver(1, EVENTS);
    log(`1 subscription: ${one} events/s (${EVENTS} events)`);
    const many = await deliver(SUBSCRIPTIONS, EVENTS / 2);
    log(`${SUBSCRIPTIONS} subscriptions: ${many} deliveries/s (${EVENTS / 2} events each)`);

    // The same, with the worker running as in the server (no one calls it): it looks again after each outcome.
    const live = await subscribe();
    worker.start();
    received = 0;
    await writeEvents(db, institution.value.id, EVENTS);
    const liveStarted = performance.now();
    await new Promise<void>((r) => (onReceive = () => received >= EVENTS && r()));
    const running = Math.round(EVENTS / ((performance.now() - liveStarted) / 1000));
    await services.webhooks.update(SYSTEM, { id: live, active: false });
    log(`1 subscription, running worker: ${running} events/s`);

    await subscribe();
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const arrived = new Promise<void>((r) => (onReceive = r));
      const committed = performance.now();
      await writeEvents(db, institution.value.id, 1);
      await arrived;
      latencies.push(performance.now() - committed);
      await new Promise((r) => setTimeout(r, 50));
    }
    latencies.sort((a, b) => a - b);
    const median = Math.round(latencies[10]);
    const worst = Math.round(latencies.at(-1)!);
    log(`commit to receiver, worker idle: median ${median} ms, worst ${worst} ms of 20`);
    return { 'events/s, 1 subscription': one, 'events/s, 1 subscription, running worker': running, [`deliveries/s, ${SUBSCRIPTIONS} subscriptions`]: many, 'commit to receiver, median ms': median, 'commit to receiver, worst ms': worst };
  } finally {
    await worker.stop();
    db.close();
    await new Promise((r) => receiver.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
}
