import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { backupDatabase, type BackupProgress } from '../db/backup';
import { formatBytes, formatMs, summary } from './format';

const USAGE = `Usage: npm run backup -- FILE [--force]
Copies the database (DATABASE_URL) to FILE while the server keeps running,
then checks the copy's integrity. An existing FILE is replaced only with --force.`;

/** One line, redrawn in a terminal; a line every few seconds in a log. */
function progressPrinter() {
  const tty = process.stderr.isTTY;
  let shown = false;
  return {
    everyMs: tty ? 250 : 5000,
    show({ phase, bytesWritten, bytesExpected }: BackupProgress) {
      const text =
        phase === 'check'
          ? `checking the integrity of the ${formatBytes(bytesWritten)} copy`
          : `copying ${formatBytes(bytesWritten)} of about ${formatBytes(bytesExpected)}` +
            (bytesExpected ? ` (${Math.min(99, Math.floor((bytesWritten / bytesExpected) * 100))}%)` : '');
      process.stderr.write(tty ? `\r\x1b[K${text}` : `${text}\n`);
      shown = true;
    },
    done() {
      if (shown && tty) process.stderr.write('\r\x1b[K');
    },
  };
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 1;
    return;
  }
  const config = loadConfig();
  // npm runs scripts from the package root; a relative FILE means where the operator typed it.
  const target = resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]);
  const progress = progressPrinter();
  let result;
  try {
    result = await backupDatabase(config.databasePath, target, { force: values.force, onProgress: progress.show, progressEveryMs: progress.everyMs });
  } finally {
    progress.done();
  }
  console.log(
    summary('Backup complete', [
      ['file', result.path],
      ['size', `${formatBytes(result.bytes)} (${result.bytes} bytes)`],
      ['took', formatMs(result.ms)],
      ['integrity', result.integrity],
      ['source', `${resolve(config.databasePath)} (as it was when the copy began)`],
    ]),
  );
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
