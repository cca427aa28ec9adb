import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ComplexityEstimatorArgs } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageInfo as PageInfoData } from '../db/paginate';

@ObjectType()
export class PageInfo implements PageInfoData {
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

/** Builds `XConnection` / `XEdge` once for any node type; resolvers return a `Page` of `src/db/paginate.ts`. */
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

    // Not a simple property read: a count may arrive as a promise (read on the read pool), which graphql-jit awaits only from a resolver.
    @Field(() => Int, { description: 'Exact number of items under the same filter', simple: false })
    totalCount!: number;
  }
  return ConnectionType;
}

/** Cost of a connection field: each requested item costs its selection. */
export function connectionComplexity({ args, childComplexity }: ComplexityEstimatorArgs): number {
  const first = typeof args.first === 'number' ? args.first : DEFAULT_PAGE_SIZE;
  return 1 + Math.max(1, first) * Math.max(1, childComplexity);
}
