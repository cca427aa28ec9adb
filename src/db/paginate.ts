import { and, asc, desc, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { badInput } from '../core/errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export type CursorValue = string | number;

/** What a list asks for: `first` items after the cursor `after` (an opaque `endCursor`). */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** One page of a list; `totalCount` is a getter, so its query runs only when someone reads it. */
export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  readonly totalCount: number | Promise<number>;
}

/** One column of a list's order; the whole order must be unique (end with the id). */
export interface OrderKey<T> {
  column: SQLiteColumn | SQL;
  direction: 'asc' | 'desc';
  /** This column's value in a row, as the cursor keeps it (dates as epoch milliseconds). */
  value: (row: T) => CursorValue;
}

/** What `paginate` hands the list's query: the keyset condition, the order and the row limit. */
export interface PageQuery {
  /** "Strictly after the cursor"; undefined on the first page. AND it with the list's own filter. */
  after: SQL | undefined;
  orderBy: SQL[];
  /** `first + 1`: the extra row tells whether there is a next page. */
  limit: number;
}

export interface Paginated<T> {
  rows: (page: PageQuery) => T[] | Promise<T[]>;
  order: OrderKey<NoInfer<T>>[];
  /** Exact number of rows under the same filter, without the cursor. */
  count: () => number | Promise<number>;
}

/**
 * Keyset pagination, the one way every list pages: validates `first` and
 * `after`, lets the list's query run with the cursor condition, order and
 * `limit + 1`, and builds the page with cursors and `hasNextPage`.
 */
export async function paginate<T>(args: PageArgs, list: Paginated<T>): Promise<Page<T>> {
  const first = checkFirst(args.first);
  const after = args.after ? decodeCursor(args.after, list.order.length) : null;
  const rows = await list.rows({
    after: afterKeyset(list.order, after),
    orderBy: list.order.map((k) => (k.direction === 'asc' ? asc : desc)(k.column)),
    limit: first + 1,
  });
  return toPage(rows, first, after !== null, (row) => list.order.map((k) => k.value(row)), list.count);
}

/** One parent's rows of a list paged for many parents at once (see `paginateMany`). */
export interface PaginatedMany<T> {
  /**
   * At most `page.limit` rows per parent, after the cursor, for every parent
   * in `parentIds`, in one statement: rank each parent's rows with
   * `rankWithin(parentColumn, page.orderBy)` and keep rank <= limit.
   */
  rows: (parentIds: number[], page: PageQuery) => T[] | Promise<T[]>;
  parentOf: (row: T) => number;
  order: OrderKey<NoInfer<T>>[];
  /** Exact number of rows per parent under the same filter, without the cursor (parents with none may be absent). */
  counts: (parentIds: number[]) => Map<number, number> | Promise<Map<number, number>>;
}

/**
 * `paginate` for the same list of many parents (a series' sessions under a
 * list of series): one statement for their rows and, when any page's
 * totalCount is read, one for all their counts.
 */
export async function paginateMany<T>(args: PageArgs, parentIds: readonly number[], list: PaginatedMany<T>): Promise<Page<T>[]> {
  const first = checkFirst(args.first);
  const after = args.after ? decodeCursor(args.after, list.order.length) : null;
  const ids = [...new Set(parentIds)];
  const rows = await list.rows(ids, {
    after: afterKeyset(list.order, after),
    orderBy: list.order.map((k) => (k.direction === 'asc' ? asc : desc)(k.column)),
    limit: first + 1,
  });
  const byParent = new Map<number, T[]>();
  for (const row of rows) {
    const parent = list.parentOf(row);
    byParent.set(parent, [...(byParent.get(parent) ?? []), row]);
  }
  let counts: Promise<Map<number, number>> | undefined;
  return parentIds.map((id) =>
    toPage(byParent.get(id) ?? [], first, after !== null, (row) => list.order.map((k) => k.value(row)), async () => (await (counts ??= Promise.resolve(list.counts(ids)))).get(id) ?? 0),
  );
}

/** A row's place in its parent's page order, for `PaginatedMany.rows`. */
export const rankWithin = (parent: SQLiteColumn, orderBy: SQL[]) =>
  sql<number>`row_number() over (partition by ${parent} order by ${sql.join(orderBy, sql`, `)})`;

/** The same for a list already sorted in memory, ascending by `keyOf`. */
export function paginateSorted<T>(args: PageArgs, sorted: T[], keyOf: (row: T) => CursorValue[]): Page<T> {
  const first = checkFirst(args.first);
  const after = args.after ? decodeCursor(args.after, sorted.length ? keyOf(sorted[0]).length : null) : null;
  const start = after ? sorted.findIndex((row) => compareKeys(keyOf(row), after) > 0) : 0;
  const rest = start === -1 ? [] : sorted.slice(start, start + first + 1);
  return toPage(rest, first, after !== null, keyOf, () => sorted.length);
}

/** A list's `first` argument: 1 to MAX_PAGE_SIZE, or BAD_USER_INPUT. */
export function checkFirst(requested: number | null | undefined, fallback: number = DEFAULT_PAGE_SIZE): number {
  const first = requested ?? fallback;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}

const encodeCursor = (values: CursorValue[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

/** `arity` null: any length (an empty list has no row to tell the tuple's length). */
function decodeCursor(cursor: string, arity: number | null): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length > 0 &&
      (arity === null || values.length === arity) &&
      values.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
    ) {
      return values as CursorValue[];
    }
  } catch {
    // fall through: malformed
  }
  throw badInput('Invalid cursor in "after"');
}

/** Keyset condition "strictly after this tuple" in the given order. */
function afterKeyset(keys: Pick<OrderKey<unknown>, 'column' | 'direction'>[], after: CursorValue[] | null): SQL | undefined {
  if (!after) return undefined;
  const branches: SQL[] = [];
  for (let i = 0; i < keys.length; i++) {
    const equalPrefix = keys.slice(0, i).map((k, j) => sql`${k.column} = ${after[j]}`);
    const k = keys[i];
    const beyond = k.direction === 'asc' ? sql`${k.column} > ${after[i]}` : sql`${k.column} < ${after[i]}`;
    branches.push(and(...equalPrefix, beyond)!);
  }
  return or(...branches);
}

/** A page's edges and pageInfo without its lazy totalCount: plain data, so it can cross a thread. */
export type PlainPage<T> = Pick<Page<T>, 'edges' | 'pageInfo'>;

export const plainPage = <T>(page: Page<T>): PlainPage<T> => ({ edges: page.edges, pageInfo: page.pageInfo });

/** A plain page back as a Page: each node mapped, the count asked for only when read. */
export function fromPlainPage<T, U>(page: PlainPage<T>, map: (node: T) => U, totalCount: () => number | Promise<number>): Page<U> {
  return {
    edges: page.edges.map((e) => ({ cursor: e.cursor, node: map(e.node) })),
    pageInfo: page.pageInfo,
    get totalCount() {
      return totalCount();
    },
  };
}

function toPage<T>(
  rows: T[],
  first: number,
  hasPreviousPage: boolean,
  cursorOf: (row: T) => CursorValue[],
  totalCount: () => number | Promise<number>,
): Page<T> {
  const hasNextPage = rows.length > first;
  const edges = (hasNextPage ? rows.slice(0, first) : rows).map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return {
    edges,
    get totalCount() {
      return totalCount();
    },
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function compareKeys(a: CursorValue[], b: CursorValue[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
}
