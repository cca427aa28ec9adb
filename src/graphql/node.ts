import { GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType, getNamedType, type GraphQLSchema } from 'graphql';
import { Arg, Authorized, Ctx, Field, ID, InterfaceType, Query, Resolver } from 'type-graphql';
import { badInput, fail, ok, userError, type Result, type UserError } from '../core/errors';

/** Relay's Node. Rows carry numeric ids; `applyGlobalIds` serialises them as opaque global ids. */
@InterfaceType({ description: 'An object with a global id that `node(id:)` can refetch' })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id' })
  id!: number;
}

export const toGlobalId = (typename: string, id: number | string) =>
  Buffer.from(`${typename}:${id}`).toString('base64url');

export function parseGlobalId(globalId: string): { typename: string; id: number } | null {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z]+):([1-9][0-9]{0,15})$/.exec(decoded);
  return match ? { typename: match[1], id: Number(match[2]) } : null;
}

/** Row id of a global id of the expected type, or a GraphQL BAD_USER_INPUT error. */
export function rowIdOf(globalId: string, typename: string): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.typename !== typename) throw badInput(`"${globalId}" is not a ${typename} id`);
  return parsed.id;
}

/** Row id of a global id for a mutation input: a NOT_FOUND userError at `field` when it is not one (no object of that type has it). */
export function inputRowId(
  globalId: string,
  typename: string,
  field: string[],
): { id: number; error?: undefined } | { id?: undefined; error: UserError } {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.typename !== typename) {
    return { error: userError(field, 'NOT_FOUND', `No ${typename} has id "${globalId}"`) };
  }
  return { id: parsed.id };
}

/** A decoded id field keeps its shape: a list of ids, an optional id, or an id. */
type RowIdOf<V> = [NonNullable<V>] extends [readonly unknown[]] ? number[] | Extract<V, null | undefined> : number | Extract<V, null | undefined>;

/**
 * A mutation input with its global-id fields replaced by row ids, for the
 * service; a userError (NOT_FOUND) at each field that is not an id of its type.
 * A list field (`learnerIds: 'Learner'`) is decoded item by item.
 */
export function withRowIds<I extends object, K extends keyof I & string>(
  input: I,
  types: { [F in K]: string },
): Result<Omit<I, K> & { [F in K]: RowIdOf<I[F]> }> {
  const decoded: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  const errors: UserError[] = [];
  const decode = (value: unknown, typename: string, at: string[]) => {
    const id = inputRowId(String(value), typename, at);
    if (id.error) errors.push(id.error);
    return id.id;
  };
  for (const [field, typename] of Object.entries(types) as [K, string][]) {
    const value = input[field];
    if (value == null) continue;
    decoded[field] = Array.isArray(value) ? value.map((v, i) => decode(v, typename, [field, String(i)])) : decode(value, typename, [field]);
  }
  return errors.length ? fail(...errors) : ok(decoded as Omit<I, K> & { [F in K]: RowIdOf<I[F]> });
}

/** Marks an `id: ID` field whose value is already a stable public id (an event's), so it is served as it is. */
export const OWN_ID = { ownId: true } as const;

/** Every object type's `id: ID` field answers the global id built from the row's numeric id, unless marked `OWN_ID`. */
export function applyGlobalIds(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    const field = type.getFields().id;
    if (!field || getNamedType(field.type).name !== 'ID' || field.extensions?.ownId) continue;
    const typename = type.name;
    field.resolve = (source: { id: number | string }) => toGlobalId(typename, source.id);
  }
  return schema;
}

/**
 * Every row served through an interface or union carries its `__typename`.
 * Resolving by it synchronously replaces type-graphql's async wrapper, which
 * graphql-jit cannot await.
 */
export function resolveAbstractTypesByTypename(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if ((type instanceof GraphQLInterfaceType || type instanceof GraphQLUnionType) && !type.name.startsWith('__')) {
      type.resolveType = (value: { __typename?: string }) => value.__typename;
    }
  }
  return schema;
}

export type NodeFetcher<TContext> = (ctx: TContext, id: number) => Promise<object | null> | object | null;

/** `node(id:)`, answering from the fetchers that modules register by type name. */
export function createNodeResolver<TContext>(fetchers: Record<string, NodeFetcher<TContext>>) {
  @Authorized()
  @Resolver()
  class NodeResolver {
    @Query(() => Node, { nullable: true, description: 'Refetch any object by its global id' })
    async node(@Arg('id', () => ID) id: string, @Ctx() ctx: TContext): Promise<object | null> {
      const parsed = parseGlobalId(id);
      const fetch = parsed && fetchers[parsed.typename];
      if (!parsed || !fetch) return null;
      const row = await fetch(ctx, parsed.id);
      return row && { ...row, __typename: parsed.typename };
    }
  }
  return NodeResolver;
}
