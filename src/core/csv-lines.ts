/**
 * Physical lines a parsed CSV record spans: one, plus every line break inside
 * its quoted cells. csv-parse's own line count counts a quoted CRLF twice.
 */
export function linesSpanned(record: readonly string[]): number {
  let n = 1;
  for (const cell of record) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
  return n;
}
