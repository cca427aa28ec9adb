import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Database, Db } from '../../db/database';
import { anyDue, claimDue, issueNext, needsIssue, recordOutcome, releaseLeases, type AttemptOutcome, type ClaimedAttempt } from './delivery-store';
import { DELIVERY_RULES } from './delivery-rules';
import { systemResolve, type Resolve } from './receiver-address';
import { open, secretContext } from './secret-box';
import { postWebhook } from './webhook-poster';

export interface WorkerOptions {
  allowPrivate: boolean;
  /** The clock of every delivery decision (due times, the 24 h and 3 day rules); tests move it. */
  now?: () => number;
  /** Jitter of the retry delays. */
  random?: () => number;
  timeoutMs?: number;
  resolve?: Resolve;
  /** How often the worker looks for work when nothing was committed in this process (other processes' writes, due retries). */
  pollMs?: number;
  /** Attempts in flight at once, each to a different subscription. */
  concurrency?: number;
  log?: (message: string, fields: Record<string, unknown>) => void;
}

/** Where the worker reads: a connection of its own, so its idle looks stay out of request statistics. */
export interface WorkerReader {
  db: Db;
  close(): void;
}

/**
 * Delivers the outbox to webhook subscriptions in the server process. Work
 * is claimed in the database with an expiring lease, so processes sharing
 * the file never make the same attempt at once and a crashed one's claims
 * expire; every state change goes through `db.write`. It looks for work when
 * this process commits a write (`db.generation`) and every `pollMs`.
 */
export class DeliveryWorker {
  private readonly owner = randomUUID();
  private readonly inFlight = new Map<number, { attempt: ClaimedAttempt; done: Promise<void>; abort: AbortController }>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly timeoutMs: number;
  private readonly pollMs: number;
  private readonly concurrency: number;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  /** An outcome was recorded during a look: look again at once (the subscription's next event is due). */
  private again = false;
  private seenGeneration = -1;
  private lastLook = 0;
  private stopping = false;

  constructor(
    private readonly db: Database,
    private readonly reader: WorkerReader,
    private readonly key: Buffer,
    private readonly options: WorkerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? DELIVERY_RULES.attemptTimeoutMs;
    this.pollMs = options.pollMs ?? 1000;
    this.concurrency = options.concurrency ?? 16;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const committed = this.db.generation !== this.seenGeneration;
      if (!this.ticking && (committed || Date.now() - this.lastLook >= this.pollMs)) void this.tick();
    }, 50);
    this.timer.unref();
  }

  /** One look for work: issues, claims and starts the due attempts, and waits for them (tests drive the worker with it). */
  async runOnce(): Promise<number> {
    const started = await this.look();
    await Promise.all([...this.inFlight.values()].map((f) => f.done));
    return started;
  }

  /**
   * Stops looking; attempts in flight are abandoned (their connections
   * closed) and their leases given back without counting an attempt, so the
   * next start (or another process) makes them again at once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    const flying = [...this.inFlight.values()];
    for (const f of flying) f.abort.abort();
    await Promise.all(flying.map((f) => f.done));
    if (flying.length) await this.db.write(async (tx) => releaseLeases(tx, flying.map((f) => f.attempt))).catch(() => undefined);
    this.reader.close();
  }

  private tick(): Promise<void> {
    const looks = async () => {
      do {
        this.again = false;
        await this.look();
      } while (this.again && !this.stopping);
    };
    this.ticking = looks()
      .catch((error: unknown) => this.options.log?.('webhook worker: a look for work failed', { err: error }))
      .finally(() => (this.ticking = null));
    return this.ticking;
  }

  /** After an outcome: a running worker looks again now rather than at its next timer tick. */
  private wake(): void {
    if (!this.timer || this.stopping) return;
    if (this.ticking) this.again = true;
    else void this.tick();
  }

  private async look(): Promise<number> {
    this.seenGeneration = this.db.generation;
    this.lastLook = Date.now();
    if (this.stopping) return 0;
    // One transaction per window of the outbox, so the writer is never held long.
    for (let i = 0; i < 50 && (await needsIssue(this.reader.db)); i++) await this.db.write(async (tx) => issueNext(tx, this.now()));
    const now = this.now();
    const room = this.concurrency - this.inFlight.size;
    if (room <= 0 || !(await anyDue(this.reader.db, now))) return 0;
    const claimed = await this.db.write(async (tx) => claimDue(tx, this.now(), this.owner, room, this.timeoutMs + 5000));
    for (const attempt of claimed) {
      const abort = new AbortController();
      const done = this.attempt(attempt, abort.signal).finally(() => this.inFlight.delete(attempt.deliveryId));
      this.inFlight.set(attempt.deliveryId, { attempt, done, abort });
    }
    return claimed.length;
  }

  private async attempt(attempt: ClaimedAttempt, signal: AbortSignal): Promise<void> {
    const outcome = await this.send(attempt, signal);
    if (signal.aborted) return; // stop() gives the lease back
    try {
      await this.db.write(async (tx) => recordOutcome(tx, attempt, outcome, this.now(), this.random));
      this.wake();
    } catch (error) {
      this.options.log?.('webhook worker: an outcome was not recorded; the lease will expire', { err: error, deliveryId: attempt.deliveryId });
    }
  }

  private async send(attempt: ClaimedAttempt, signal: AbortSignal): Promise<AttemptOutcome> {
    let secret: string;
    try {
      secret = open(this.key, attempt.secretSealed, secretContext(attempt.institutionId));
    } catch {
      return { ok: false, status: null, error: 'the secret cannot be read with this server\'s WEBHOOK_SECRET_KEY' };
    }
    const body = JSON.stringify(attempt.event);
    // The wall clock, not the scheduling one: receivers refuse timestamps more than 5 minutes off.
    const at = new Date();
    const headers = {
      'webhook-id': attempt.event.id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(attempt.event.id, at, body),
    };
    return postWebhook({
      url: attempt.url,
      body,
      headers,
      timeoutMs: this.timeoutMs,
      allowPrivate: this.options.allowPrivate,
      resolve: this.options.resolve ?? systemResolve,
      signal,
    });
  }
}
