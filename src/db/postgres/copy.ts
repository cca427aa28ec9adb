import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../database';
import { driverOf } from '../statement';
import { sqliteDataTables } from '../tables';

type Row = Record<string, unknown>;

export interface CopyProgress {
  table: string;
  rows: number;
  of: number;
}

export interface CopiedTable {
  table: string;
  source: number;
  target: number;
}

/** Referenced tables first, so every foreign key finds its row. */
function inDependencyOrder(source: BetterSqlite3.Database, tables: string[]): { table: string; selfColumn: string | null }[] {
  const refs = new Map(
    tables.map((t) => [t, source.prepare('SELECT "table" AS target, "from" AS column FROM pragma_foreign_key_list(?)').all(t) as { target: string; column: string }[]]),
  );
  const ordered: { table: string; selfColumn: string | null }[] = [];
  const done = new Set<string>();
  const visit = (t: string, path: Set<string>) => {
    if (done.has(t)) return;
    if (path.has(t)) throw new Error(`Foreign keys form a cycle through ${t}`);
    path.add(t);
    for (const r of refs.get(t) ?? []) if (r.target !== t) visit(r.target, path);
    path.delete(t);
    done.add(t);
    ordered.push({ table: t, selfColumn: refs.get(t)?.find((r) => r.target === t)?.column ?? null });
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

/**
 * A table's rows in an order that inserts a row after the row its own
 * foreign key names (an institution after its parent).
 */
function parentsFirst(rows: Row[], selfColumn: string): Row[] {
  const out: Row[] = [];
  const placed = new Set<unknown>();
  let pending = rows;
  while (pending.length) {
    const next = pending.filter((r) => r[selfColumn] !== null && !placed.has(r[selfColumn]));
    const ready = pending.filter((r) => r[selfColumn] === null || placed.has(r[selfColumn]));
    if (!ready.length) throw new Error(`Rows whose ${selfColumn} names no row`);
    for (const r of ready) {
      out.push(r);
      placed.add(r.id);
    }
    pending = next;
  }
  return out;
}

const BATCH_VALUES = 30_000;

/**
 * Copies every row of a SQLite database into an empty, migrated PostgreSQL
 * one, in one transaction (all or nothing), then checks that each table
 * holds as many rows on both sides. The columns store the same values on both
 * engines (see postgres/tables.ts), so rows go across as they are; user
 * triggers are off while copying, since derived tables are copied too.
 */
export async function copySqliteToPostgres(
  source: BetterSqlite3.Database,
  target: Database,
  onProgress: (p: CopyProgress) => void = () => undefined,
): Promise<CopiedTable[]> {
  const order = inDependencyOrder(source, sqliteDataTables(source));
  return target.write(async (tx) => {
    const run = (text: string, ...params: unknown[]) => driverOf(tx).prepare<unknown[], Row>(text).all(...params);
    const countIn = async (table: string) => ((await run(`SELECT count(*) AS n FROM "${table}"`)) as { n: number }[])[0].n;
    for (const { table } of order) {
      const n = await countIn(table);
      if (n > 0) throw new Error(`The PostgreSQL database is not empty: ${table} has ${n} rows. Copy into a new database.`);
    }
    for (const { table } of order) await run(`ALTER TABLE "${table}" DISABLE TRIGGER USER`);
    const copied: CopiedTable[] = [];
    for (const { table, selfColumn } of order) {
      const of = (source.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
      const info = source.prepare('SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid').all(table) as { name: string; type: string; pk: number }[];
      const columns = info.map((c) => c.name);
      const insert = async (rows: Row[]) => {
        const tuple = `(${columns.map(() => '?').join(',')})`;
        await run(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${rows.map(() => tuple).join(',')}`, ...rows.flatMap((r) => columns.map((c) => r[c])));
      };
      const perBatch = Math.max(1, Math.floor(BATCH_VALUES / columns.length));
      let done = 0;
      if (selfColumn) {
        const rows = parentsFirst(source.prepare(`SELECT * FROM "${table}"`).all() as Row[], selfColumn);
        for (let i = 0; i < rows.length; i += perBatch) await insert(rows.slice(i, i + perBatch));
        done = rows.length;
      } else {
        // Batches by rowid, so a table of millions never sits in memory whole.
        const page = source.prepare(`SELECT rowid AS "__rowid", * FROM "${table}" WHERE rowid > ? ORDER BY rowid LIMIT ?`);
        for (let last = 0; ; ) {
          const rows = page.all(last, perBatch) as Row[];
          if (!rows.length) break;
          await insert(rows);
          last = rows[rows.length - 1].__rowid as number;
          done += rows.length;
          if (done < of) onProgress({ table, rows: done, of });
        }
      }
      onProgress({ table, rows: done, of });
      const keys = info.filter((c) => c.pk > 0);
      if (keys.length === 1 && /^INTEGER$/i.test(keys[0].type)) {
        // The identity numbers on from the largest copied key.
        const key = keys[0].name;
        await run(`SELECT setval(pg_get_serial_sequence('"${table}"', '${key}'), coalesce((SELECT max("${key}") FROM "${table}"), 1), (SELECT count(*) FROM "${table}") > 0)`);
      }
      copied.push({ table, source: of, target: await countIn(table) });
    }
    for (const { table } of order) await run(`ALTER TABLE "${table}" ENABLE TRIGGER USER`);
    const wrong = copied.filter((c) => c.source !== c.target);
    // Thrown inside the transaction: a copy that does not add up leaves nothing behind.
    if (wrong.length) throw new Error(`Counts differ after the copy: ${wrong.map((c) => `${c.table} ${c.source} → ${c.target}`).join(', ')}`);
    return copied;
  });
}

/**
 * After a bulk copy: statistics for the planner, and the visibility map that
 * lets index-only scans skip the heap (autovacuum would get there, later).
 * VACUUM runs outside any transaction, so on a read connection.
 */
export async function vacuumAfterCopy(target: Database): Promise<void> {
  await driverOf(target.read).prepare<[], Row>('VACUUM (ANALYZE)').run();
}
