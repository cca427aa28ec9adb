import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM } from '../src/auth/viewer';
import { openDatabase } from '../src/db/database';
import { createServices } from '../src/composition/services';

const ROWS = 100_000;
const ROWS_PER_LEARNER = 5;
const GUEST_ROWS = 2_000;
export const LEARNERS = (ROWS - GUEST_ROWS) / ROWS_PER_LEARNER;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const nipOf = (i: number) => `9${pad(i, 17)}`;
const clock = (minutes: number) => {
  const h = 8 + Math.floor(minutes / 60);
  return `10/24/2024 ${pad(((h + 11) % 12) + 1)}:${pad(minutes % 60)}:${pad(minutes % 60)} ${h < 12 ? 'AM' : 'PM'}`;
};

/** The learners `benchReport()` names: `peserta<i>@jatimprov.go.id`, NIP `9` + i. */
export const benchLearners = (count = LEARNERS) =>
  Array.from({ length: count }, (_, i) => ({
    nip: nipOf(i),
    email: `peserta${i}@jatimprov.go.id`,
    name: `Peserta ${i}`,
    employmentType: 'PPPK' as const,
  }));

/** A newer-layout participant report: rejoins, parallel devices, waiting room, NIP in names, guests. */
export function benchReport(): string {
  const lines = [
    'Topic,ID,Host,Duration (minutes),Start time,End time,Participants',
    '"Menuju Indonesia Tanpa Kemiskinan, Sesi 41",812 3456 7890,BPSDM Jatim,150,"10/24/2024 08:55:00 AM","10/24/2024 11:25:00 AM",100000',
    '',
    'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,Recording disclaimer response,In waiting room',
  ];
  for (let i = 0; i < LEARNERS; i++) {
    const name = `"Peserta ${i}, S.Sos"`;
    const email = `peserta${i}@jatimprov.go.id`;
    const start = i % 30;
    lines.push(`${name},${email},"${clock(start)}","${clock(start + 5)}",5,No,OK,Yes`);
    lines.push(`${name},${email.toUpperCase()},"${clock(start + 5)}","${clock(start + 40)}",35,No,OK,No`);
    lines.push(`Peserta ${i} (HP)_${nipOf(i)},,"${clock(start + 30)}","${clock(start + 70)}",40,Yes,OK,No`);
    lines.push(`${name},${email},"${clock(start + 80)}","${clock(start + 120)}",40,No,OK,No`);
    lines.push(`${name},${email},"${clock(start + 121)}","${clock(start + 130)}",9,No,OK,No`);
  }
  for (let g = 0; g < GUEST_ROWS; g++) lines.push(`Tamu ${g},,"${clock(g % 60)}","${clock((g % 60) + 45)}",45,Yes,OK,No`);
  return lines.join('\r\n');
}

/** Imports a 100,000-row Zoom report through the service into a fresh file database. */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-bench-zoom-'));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  try {
    const services = createServices(db, { publicBaseUrl: 'http://localhost', databasePath: db.path });
    await services.institutions.create(SYSTEM, { code: 'BPSDM-JATIM', name: 'BPSDM Jawa Timur', kind: 'TRAINING_AGENCY' });
    log(`seeding ${LEARNERS} learners`);
    const seeded = await services.learners.importLearners(SYSTEM, { institutionCode: 'BPSDM-JATIM', learners: benchLearners() });
    if (!seeded.ok) throw new Error(seeded.errors[0].message);
    await services.webinars.createSeries(SYSTEM, { code: 'MITK', title: 'Menuju Indonesia Tanpa Kemiskinan', organizerCode: 'BPSDM-JATIM' });
    const session = await services.webinars.scheduleSession(SYSTEM, {
      seriesCode: 'MITK',
      number: 41,
      title: 'Sesi 41',
      startsAt: '2024-10-24T09:00:00+07:00',
      endsAt: '2024-10-24T11:00:00+07:00',
      jp: 3,
    });
    if (!session.ok) throw new Error(session.errors[0].message);
    const csv = benchReport();
    const megabytes = Buffer.byteLength(csv) / 1048576;
    log(`report: ${ROWS} rows, ${megabytes.toFixed(1)} MB`);

    const started = performance.now();
    const result = await services.attendanceImports.importZoom(SYSTEM, { sessionId: session.value.id, fileName: 'bench.csv', csv });
    const seconds = (performance.now() - started) / 1000;
    if (!result.ok) throw new Error(result.errors[0].message);
    const outcome = result.value;
    if (outcome.rowsTotal !== ROWS) throw new Error(`expected ${ROWS} rows, read ${outcome.rowsTotal}`);
    const rowsPerSecond = Math.round(ROWS / seconds);
    log(`imported in ${seconds.toFixed(2)} s: ${rowsPerSecond} rows/s (${outcome.rowsMatched} matched, ${outcome.rowsUnmatched} unmatched, ${outcome.rowsSkipped} waiting room)`);

    const again = performance.now();
    const duplicate = await services.attendanceImports.importZoom(SYSTEM, { sessionId: session.value.id, fileName: 'bench.csv', csv });
    const duplicateMs = performance.now() - again;
    if (!duplicate.ok || !duplicate.value.duplicate) throw new Error('the second import was not a duplicate');
    return {
      rows: ROWS,
      megabytes: Number(megabytes.toFixed(1)),
      seconds: Number(seconds.toFixed(2)),
      rowsPerSecond,
      rowsMatched: outcome.rowsMatched,
      rowsUnmatched: outcome.rowsUnmatched,
      rowsSkipped: outcome.rowsSkipped,
      duplicateCheckMs: Math.round(duplicateMs),
      cpus: cpus().length,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
