import { and, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './database';
import { paginateMany, rankWithin, type OrderKey, type Page, type PageArgs, type PageQuery } from './paginate';

/**
 * For `paginateMany`: one table's rows of many parents, at most
 * `page.limit` per parent after the cursor, in one statement.
 */
export async function rankedRows<T extends SQLiteTable>(db: Db, table: T, parent: SQLiteColumn, parentIds: number[], page: PageQuery, where?: SQL): Promise<T['$inferSelect'][]> {
  const ranked = db
    .select({ ...getTableColumns(table), rank: rankWithin(parent, page.orderBy).as('rank') })
    .from(table as SQLiteTable)
    .where(and(inArray(parent, parentIds), where, page.after))
    .as('ranked');
  return (await db.select().from(ranked).where(sql`"rank" <= ${page.limit}`).orderBy(sql`"rank"`).all()) as T['$inferSelect'][];
}

/** For `paginateMany`: the number of rows per parent under `where`, in one statement. */
export async function countsByParent(db: Db, table: SQLiteTable, parent: SQLiteColumn, parentIds: number[], where?: SQL): Promise<Map<number, number>> {
  const rows = await db
    .select({ id: sql<number>`${parent}`, n: sql<number>`count(*)` })
    .from(table)
    .where(and(inArray(parent, parentIds), where))
    .groupBy(parent)
    .all();
  return new Map(rows.map((r) => [r.id, r.n]));
}

type TableWithId = SQLiteTable & { id: SQLiteColumn };

/**
 * Pages of one child table for many parents (a cohort's enrolments, an
 * institution's rules ...), newest first by id unless `order` says otherwise:
 * one statement for the rows of every parent and one for their counts.
 */
export function pagesByParent<T extends TableWithId>(
  db: Db,
  args: PageArgs,
  parentIds: number[],
  child: { table: T; parent: SQLiteColumn; where?: SQL; order?: OrderKey<T['$inferSelect']>[] },
): Promise<Page<T['$inferSelect']>[]> {
  const { table, parent, where } = child;
  const parentKey = Object.entries(getTableColumns(table)).find(([, column]) => column === parent)![0];
  const field = (row: T['$inferSelect'], key: string) => (row as Record<string, number>)[key];
  return paginateMany(args, parentIds, {
    rows: (ids, page) => rankedRows(db, table, parent, ids, page, where),
    parentOf: (row) => field(row, parentKey),
    order: child.order ?? [{ column: table.id, direction: 'desc', value: (row) => field(row, 'id') }],
    counts: (ids) => countsByParent(db, table, parent, ids, where),
  });
}
