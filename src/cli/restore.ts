import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { restoreDatabase } from '../db/restore';
import { formatBytes, summary } from './format';

const USAGE = `Usage: npm run restore -- FILE
Replaces the database (DATABASE_URL) with the backup FILE once FILE passes
PRAGMA integrity_check. Stop the server first; the replaced database is kept
beside it as *.before-restore-<time>. Start the server afterwards: it applies
any migrations newer than the backup.`;

function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 1;
    return;
  }
  const config = loadConfig();
  const result = restoreDatabase(resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]), config.databasePath);
  console.log(
    summary('Restore complete', [
      ['from', result.from],
      ['to', result.to],
      ['size', formatBytes(result.bytes)],
      ['integrity', 'ok'],
      ['migrations', `${result.migrations.inBackup} in the backup, ${result.migrations.known} in this version (the server applies the rest at start)`],
      ['previous', result.previous ?? '(there was no database)'],
    ]),
  );
}

try {
  main();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
