import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { connectDatabase } from '../db/connect';
import { databaseEngine, databasePath, redactedUrl } from '../db/engine';
import { copySqliteToPostgres, vacuumAfterCopy, type CopyProgress } from '../db/postgres/copy';
import { checkBackup } from '../db/restore';
import { formatMs, summary } from './format';

const USAGE = `Usage: npm run copy-to-postgres -- SQLITE_FILE POSTGRES_URL
Copies every row of a Bangkom SQLite database into a new (empty) PostgreSQL
database, migrating it first, in one transaction, then checks that every
table holds as many rows on both sides. Stop the servers that write the file first.`;

function progressPrinter() {
  const tty = process.stderr.isTTY;
  let last = 0;
  return (p: CopyProgress) => {
    const now = Date.now();
    if (p.rows < p.of && now - last < (tty ? 250 : 5000)) return;
    last = now;
    const text = `${p.table}: ${p.rows.toLocaleString('en')} of ${p.of.toLocaleString('en')} rows`;
    process.stderr.write(tty ? `\r\x1b[K${text}${p.rows === p.of ? '\n' : ''}` : `${text}\n`);
  };
}

async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean' } } });
  if (values.help || positionals.length !== 2) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const [from, to] = positionals;
  if (databaseEngine(from) !== 'sqlite') throw new Error(`${from} is not a SQLite database file`);
  if (databaseEngine(to) !== 'postgres') throw new Error('The target must be a postgres:// URL');
  const path = databasePath(from);
  const { inBackup, known } = checkBackup(path);
  if (inBackup !== known) throw new Error(`${path} has ${inBackup} of this version's ${known} migrations: start Bangkom on it once (it migrates), stop it, then copy`);
  const source = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  const target = await connectDatabase(to, { poolSize: 2 });
  const started = Date.now();
  try {
    const tables = await copySqliteToPostgres(source, target, progressPrinter());
    process.stderr.write('VACUUM (ANALYZE): statistics and the visibility map for the copied rows\n');
    await vacuumAfterCopy(target);
    const rows = tables.reduce((sum, t) => sum + t.target, 0);
    console.log(
      summary('Copied, and every table holds as many rows on both sides:', [
        ['from', path],
        ['to', redactedUrl(to)],
        ['tables', String(tables.length)],
        ['rows', rows.toLocaleString('en')],
        ['took', formatMs(Date.now() - started)],
      ]),
    );
  } finally {
    source.close();
    await target.close();
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
