import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { GraphQLError, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';

type Gateway<TContext extends BaseContext> = ApolloServerOptionsWithGateway<TContext>['gateway'];
type Compiled = CompiledQuery | ExecutionResult;
type Executor = NonNullable<Awaited<ReturnType<NonNullable<Gateway<BaseContext>>['load']>>['executor']>;

/**
 * Compiled operations kept, by approximate size: one took 30 to 110 times
 * its query text on the heap (the client contract's operations; 1.6 KB for
 * the smallest). Keyed by the document's hash, not held by Apollo's document
 * cache, whose 30 MiB of documents would otherwise keep several times that.
 */
const COMPILED_BYTES = 32 * 1024 * 1024;
const compiledBytes = (source: string) => 2048 + 128 * source.length;

/**
 * graphql-jit's errors leave `extensions` undefined where graphql-js gives an
 * empty object, which Apollo's error formatting relies on.
 */
function asGraphQLJsError(error: GraphQLError): GraphQLError {
  const copy = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions });
  return Object.defineProperty(copy, 'locations', { value: error.locations, enumerable: error.locations !== undefined });
}

/**
 * Runs operations with graphql-jit instead of graphql-js: each document is
 * compiled once per operation name into a function for its selection.
 * Apollo Server 5 offers no executor option; its gateway interface is the
 * supported way to hand it one. Parsing, validation, limits and plugins
 * stay Apollo's; only execution changes.
 */
export function jitGateway<TContext extends BaseContext>(schema: GraphQLSchema): Gateway<TContext> {
  const compiled = new LRUCache<string, Compiled>({ maxSize: COMPILED_BYTES });
  const compile = ({ queryHash, source, document, operationName }: Parameters<Executor>[0]): Compiled => {
    const key = `${queryHash}\u0000${operationName ?? ''}`;
    let query = compiled.get(key);
    if (!query) {
      query = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
      compiled.set(key, query, { size: compiledBytes(source) });
    }
    return query;
  };
  let announce: ((context: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void) | undefined;
  return {
    onSchemaLoadOrUpdate(callback) {
      announce = callback;
      return () => (announce = undefined);
    },
    async load() {
      announce?.({ apiSchema: schema, coreSupergraphSdl: '' });
      return {
        executor: async (requestContext) => {
          const { context, request } = requestContext;
          const query = compile(requestContext);
          if (!isCompiledQuery(query)) return query;
          const result = await query.query(undefined, context, request.variables ?? {});
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
        },
      };
    },
    async stop() {},
  };
}
