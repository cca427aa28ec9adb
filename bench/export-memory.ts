import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM } from '../src/auth/viewer';
import { createServices } from '../src/composition/services';
import { openDatabase } from '../src/db/database';
import { statement } from '../src/db/statement';
import { REPO_ROOT } from './support/paths';

const SIZES = { 'SMALL-10K': 10_000, 'BIG-100K': 100_000, 'HUGE-300K': 300_000 } as const;
const YEAR = 2026;
const IMPORT_CHUNK = 50_000;

/** Two certificates of the year for every learner with an even id. */
const certifyEvenLearners = statement<[]>(
  `INSERT INTO certificates (number, verification_code, subject_type, subject_id, learner_id, issuer_id, title, jp, activity_date, activity_year, issued_at, sequence_year, sequence_no, status)
           SELECT 'NASIONAL/BENCH-' || ${YEAR} || '-' || printf('%07d', k.n), 'code' || k.n, 'SESSION', 1, l.id, (SELECT id FROM institutions WHERE code = 'NASIONAL'),
             'Webinar', 3, '${YEAR}-03-01', ${YEAR}, 0, ${YEAR}, k.n, 'VALID'
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM learners WHERE id % 2 = 0) l
           JOIN (SELECT row_number() OVER (ORDER BY id) AS n, id FROM learners WHERE id % 2 = 0) k ON k.id = l.id`,
);

/** Learners of one institution (half of them with two certificates of the year), written through the services and one raw insert. */
async function seed(dbPath: string, log: (line: string) => void): Promise<void> {
  const db = openDatabase(dbPath);
  try {
    const services = createServices(db, { publicBaseUrl: 'http://localhost', databasePath: db.path });
    await services.institutions.create(SYSTEM, { code: 'NASIONAL', name: 'Instansi Nasional', kind: 'NATIONAL_AGENCY' });
    let offset = 0;
    for (const [code, count] of Object.entries(SIZES)) {
      await services.institutions.create(SYSTEM, { code, name: `Instansi ${code}`, kind: 'LOCAL_GOVERNMENT', parentCode: 'NASIONAL' });
      log(`seeding ${count} learners into ${code}`);
      for (let start = 0; start < count; start += IMPORT_CHUNK) {
        const learners = Array.from({ length: Math.min(IMPORT_CHUNK, count - start) }, (_, k) => {
          const i = offset + start + k;
          return { nip: `9${String(i).padStart(17, '0')}`, email: `peserta${i}@example.go.id`, name: `Peserta ${String(i).padStart(7, '0')} S.Sos`, employmentType: 'PPPK' as const };
        });
        const r = await services.learners.importLearners(SYSTEM, { institutionCode: code, learners });
        if (!r.ok) throw new Error(r.errors[0].message);
      }
      offset += count;
    }
    await db.write(async (tx) => {
      await certifyEvenLearners(tx).run();
    });
  } finally {
    db.close();
  }
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const rssMiB = (pid: number) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
};

/**
 * Peak RSS of a fresh server process (`dist/main.js`) while it streams the
 * learning-hours export of 10,000, 100,000 and 300,000 learners, as CSV and
 * as XLSX, to a client in this process that reads and discards the body.
 * After a warm-up, flat memory means the three peaks are the same.
 */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-bench-export-'));
  const dbPath = join(dir, 'bench.sqlite');
  const token = randomBytes(24).toString('base64url');
  try {
    await seed(dbPath, log);
    const port = await freePort();
    const server = spawn(process.execPath, [join(REPO_ROOT, 'dist/main.js')], {
      env: { ...process.env, DATABASE_URL: dbPath, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO: 'false', LOG_LEVEL: 'warn', BOOTSTRAP_ADMIN_TOKEN: token, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const figures: Record<string, number | string> = {};
    try {
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; ; i++) {
        if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) break;
        if (i > 200) throw new Error('the server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
      const auth = { headers: { authorization: `Bearer ${token}` } };
      figures['server RSS after start (MiB)'] = Math.round(rssMiB(server.pid!));
      // Warm-up: the largest export once in each format loads the code, fills SQLite's page cache (cache_size, 64 MiB
      // per connection) and lets V8 size its heap; what is measured after it is what a row count adds.
      for (const format of ['csv', 'xlsx']) await drain(await fetch(`${base}/exports/institutions/HUGE-300K/learning-hours.${format}?year=${YEAR}`, auth));
      figures['server RSS after the warm-up (MiB)'] = Math.round(rssMiB(server.pid!));
      for (const format of ['csv', 'xlsx'] as const) {
        for (const [code, count] of Object.entries(SIZES)) {
          let peak = 0;
          const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(server.pid!))), 5);
          const started = Date.now();
          const response = await fetch(`${base}/exports/institutions/${code}/learning-hours.${format}?year=${YEAR}`, auth);
          if (response.status !== 200) throw new Error(`export answered ${response.status}`);
          const bytes = await drain(response);
          clearInterval(sampler);
          peak = Math.max(peak, rssMiB(server.pid!));
          const seconds = (Date.now() - started) / 1000;
          log(`${format} ${count} learners: ${(bytes / 2 ** 20).toFixed(1)} MiB in ${seconds.toFixed(2)} s, server peak RSS ${peak.toFixed(0)} MiB`);
          figures[`${format} ${count.toLocaleString('en')} learners: peak RSS (MiB)`] = Math.round(peak);
          figures[`${format} ${count.toLocaleString('en')} learners: file MiB / seconds`] = `${(bytes / 2 ** 20).toFixed(1)} / ${seconds.toFixed(2)}`;
        }
      }
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    return figures;
  } finally {
    if (!process.env.KEEP_BENCH_DB) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dbPath}`);
  }
}

/** Reads a body to the end without keeping it; its length in bytes. */
async function drain(response: Response): Promise<number> {
  let bytes = 0;
  for await (const chunk of response.body!) bytes += (chunk as Uint8Array).length;
  return bytes;
}
