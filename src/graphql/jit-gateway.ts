import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import { GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

type Gateway<TContext extends BaseContext> = ApolloServerOptionsWithGateway<TContext>['gateway'];
type Compiled = CompiledQuery | ExecutionResult;

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
  const compiled = new WeakMap<DocumentNode, Map<string, Compiled>>();
  const compile = (document: DocumentNode, operationName: string | undefined): Compiled => {
    let byName = compiled.get(document);
    if (!byName) compiled.set(document, (byName = new Map()));
    let query = byName.get(operationName ?? '');
    if (!query) {
      query = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
      byName.set(operationName ?? '', query);
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
        executor: async ({ document, operationName, context, request }) => {
          const query = compile(document, operationName ?? undefined);
          if (!isCompiledQuery(query)) return query;
          const result = await query.query(undefined, context, request.variables ?? {});
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
        },
      };
    },
    async stop() {},
  };
}
