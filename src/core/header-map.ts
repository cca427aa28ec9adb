/**
 * Spreadsheet and report headers as people write them: one alias table per
 * kind of file maps header text (compared lower-case, spaces collapsed, BOM
 * dropped) to the column it means, in any language the table knows.
 */
export const normalizeHeader = (text: string) => text.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toLowerCase();

export type ColumnMap<C extends string> = Partial<Record<C, number>>;

/** Column positions of a header row; the first cell with a meaning wins. `guess` names a column no alias does. */
export function mapColumns<C extends string>(
  cells: readonly string[],
  aliases: Readonly<Record<string, C>>,
  guess?: (normalized: string) => C | undefined,
): ColumnMap<C> {
  const map: ColumnMap<C> = {};
  cells.forEach((cell, i) => {
    const h = normalizeHeader(cell);
    const column = aliases[h] ?? guess?.(h);
    if (column && map[column] === undefined) map[column] = i;
  });
  return map;
}

/** A header that asks for the NIP, e.g. "NIP", "NIP (18 digit)", "Nomor Induk Pegawai". */
const NIP_QUESTION = /(^|[^a-z])nip([^a-z]|$)|nomor induk pegawai/;
export const asksForNip = (normalized: string) => NIP_QUESTION.test(normalized);
