import { and, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { badInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `1-${MAX_PAGE_SIZE}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'endCursor of the previous page' })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What a connection resolver returns; `totalCount` is a getter, so its query runs only when selected. */
export interface Page<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  readonly totalCount: number | Promise<number>;
}

/** Builds `XConnection` / `XEdge` once for any node type. */
export function Connection<T extends object>(NodeType: ClassType<T>) {
  @ObjectType(`${NodeType.name}Edge`)
  class EdgeType {
    @Field(() => String)
    cursor!: string;

    @Field(() => NodeType)
    node!: T;
  }

  @ObjectType()
  abstract class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Exact number of items under the same filter' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** Cost of a connection field: each requested item costs its selection. */
export function connectionComplexity({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + Math.max(1, first) * Math.max(1, childComplexity);
}

export type CursorValue = string | number;

export interface PageRequest {
  first: number;
  /** Sort tuple of the last row of the previous page. */
  after: CursorValue[] | null;
}

export const encodeCursor = (values: CursorValue[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
    ) {
      return values as CursorValue[];
    }
  } catch {
    // fall through: malformed
  }
  throw badInput('Invalid cursor in "after"');
}

/** Validates `first` / `after`; `arity` is the length of the sort tuple. */
export function pageRequest(args: { first?: number | null; after?: string | null }, arity: number): PageRequest {
  return { first: checkFirst(args.first), after: args.after ? decodeCursor(args.after, arity) : null };
}

/** A list's `first` argument: 1 to MAX_PAGE_SIZE, or BAD_USER_INPUT. */
export function checkFirst(requested: number | null | undefined, fallback: number = DEFAULT_PAGE_SIZE): number {
  const first = requested ?? fallback;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return first;
}

export type SortKey = { column: SQLiteColumn | SQL; direction: 'asc' | 'desc' };

/** Keyset condition "strictly after this tuple" in the given order; the tuple must be unique. */
export function afterKeyset(keys: SortKey[], after: CursorValue[] | null): SQL | undefined {
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

/** Turns `first + 1` fetched rows into a page. */
export function toPage<T>(
  rows: T[],
  request: PageRequest,
  cursorOf: (row: T) => CursorValue[],
  totalCount: () => number | Promise<number>,
): Page<T> {
  const hasNextPage = rows.length > request.first;
  const edges = (hasNextPage ? rows.slice(0, request.first) : rows).map((node) => ({
    cursor: encodeCursor(cursorOf(node)),
    node,
  }));
  return {
    edges,
    get totalCount() {
      return totalCount();
    },
    pageInfo: {
      hasNextPage,
      hasPreviousPage: request.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

const compareKeys = (a: CursorValue[], b: CursorValue[]) => {
  for (let i = 0; i < a.length; i++) {
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return 0;
};

/** Rows of a list sorted ascending by `keyOf` that come strictly after the cursor tuple. */
export function afterKeysetInMemory<T>(sorted: T[], keyOf: (row: T) => CursorValue[], after: CursorValue[] | null): T[] {
  if (!after) return sorted;
  const start = sorted.findIndex((row) => compareKeys(keyOf(row), after) > 0);
  return start === -1 ? [] : sorted.slice(start);
}
