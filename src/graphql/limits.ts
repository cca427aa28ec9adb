import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  getVariableValues,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  separateOperations,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import { ErrorCode } from '../core/errors';
import type { CostLimiter } from './rate-limit';
import { checkVariables } from './variable-limits';

export const LIMITS = {
  maxDepth: 15,
  maxAliases: 100,
  maxDirectives: 50,
  maxTokens: 10_000,
  /** Request bodies: a 20 MB Zoom report must fit. */
  bodyLimitBytes: 25 * 1024 * 1024,
  maxCost: 10_000,
} as const;

export interface LimitOptions {
  /** Hide "did you mean" suggestions (production). */
  hideSuggestions: boolean;
  maxCost?: number;
}

/** Depth, alias and directive limits, checked while validating, before anything runs. */
export function armorProtection(options: LimitOptions): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const armor = new ApolloArmor({
    maxDepth: { n: LIMITS.maxDepth, flattenFragments: true },
    maxAliases: { n: LIMITS.maxAliases },
    maxDirectives: { n: LIMITS.maxDirectives },
    // Apollo's own `parseOptions.maxTokens` does this as a normal parse error;
    // armor's plugin throws from parsingDidStart, which Apollo turns into a 500.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: options.hideSuggestions },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: plugins as unknown as ApolloServerPlugin[], validationRules };
}

const badUserInput = (error: GraphQLError) =>
  new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });

/**
 * A wrong variable (null for a non-null input, a string for an Int) must
 * answer BAD_USER_INPUT as Apollo's own coercion would: graphql-jit reports
 * it as an unexpected error, and a cached cost skips the walk that coerces.
 */
function coerceVariables(schema: GraphQLSchema, operation: OperationDefinitionNode | undefined, variables: Record<string, unknown>): void {
  const { errors } = getVariableValues(schema, operation?.variableDefinitions ?? [], variables, { maxErrors: 1 });
  if (errors?.length) throw badUserInput(errors[0]);
}

function operationCost(schema: GraphQLSchema, query: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  try {
    return getComplexity({
      schema,
      query,
      variables,
      operationName,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw badUserInput(error);
  }
}

/**
 * Arguments the `complexity` estimators read (`connectionComplexity` reads
 * `first`); a test holds every estimator of the schema to this list.
 */
export const SIZE_ARGUMENTS: ReadonlySet<string> = new Set(['first']);

/** Bytes of the cached costs and of the per-operation lists of size variables, each. */
const COST_CACHE_BYTES = 2 * 1024 * 1024;
const keyBytes = (key: string) => 2 * key.length + 64;

/** Per document (by hash) and operation: the variables its cost depends on. */
const sizeVariablesCache = new LRUCache<string, readonly string[]>({
  maxSize: COST_CACHE_BYTES,
  sizeCalculation: (names, key) => keyBytes(key) + names.reduce((n, name) => n + keyBytes(name), 0),
});
const costCache = new LRUCache<string, number>({ maxSize: COST_CACHE_BYTES, sizeCalculation: (_cost, key) => keyBytes(key) });

/**
 * Variables that can change the cost: those in a size argument of a field
 * with a `complexity` estimator, and in `@include` / `@skip`.
 */
function sizeVariables(schema: GraphQLSchema, query: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: ASTNode) => visit(node, { Variable: (v) => void names.add(v.name.value) });
  const typeInfo = new TypeInfo(schema);
  visit(
    query,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const directive = typeInfo.getDirective();
        if (directive) {
          if (directive === GraphQLIncludeDirective || directive === GraphQLSkipDirective) collect(node.value);
        } else if (SIZE_ARGUMENTS.has(node.name.value) && typeof typeInfo.getFieldDef()?.extensions.complexity === 'function') {
          collect(node.value);
        }
      },
    }),
  );
  return [...names].sort();
}

/**
 * The values of the size variables as a key; undefined when one is not a
 * number, boolean or null (then coercion refuses it, and nothing is kept).
 */
function sizeValuesKey(names: readonly string[], variables: Record<string, unknown>): string | undefined {
  let key = '';
  for (const name of names) {
    const value = variables[name];
    if (!Object.hasOwn(variables, name)) key += '\u0000';
    else if (value === null || typeof value === 'number' || typeof value === 'boolean') key += `\u0000${value}`;
    else return undefined;
  }
  return key;
}

/**
 * Walking the document again cost a learner query about 6 % of its time, so
 * a cost is kept per document, operation and the values of the variables it
 * depends on (page sizes, `@include`), never the other variables: a 20 MB
 * report or code in a key would be kept with it.
 */
function cachedOperationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
  queryHash: string,
  variables: Record<string, unknown>,
  operationName?: string,
): number {
  coerceVariables(schema, operation, variables);
  let query: DocumentNode | undefined;
  const selected = () => (query ??= operationName ? (separateOperations(document)[operationName] ?? document) : document);
  const operationKey = `${queryHash}\u0000${operationName ?? ''}`;
  let names = sizeVariablesCache.get(operationKey);
  if (!names) sizeVariablesCache.set(operationKey, (names = sizeVariables(schema, selected())));
  const values = sizeValuesKey(names, variables);
  if (values === undefined) return operationCost(schema, selected(), variables, operationName);
  const key = operationKey + values;
  let cost = costCache.get(key);
  if (cost === undefined) costCache.set(key, (cost = operationCost(schema, selected(), variables, operationName)));
  return cost;
}

/**
 * Cost of an operation: each field costs 1 per returned record, and a
 * connection's `first` multiplies its selection (`complexity` on fields).
 * Too costly is refused before execution; the cost goes out in `extensions.cost`.
 */
export function costLimitPlugin<TContext extends { rateLimitKey: string }>(
  maxCost: number = LIMITS.maxCost,
  limiter?: CostLimiter,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      let cost: number | undefined;
      return {
        async didResolveOperation({ request, document, schema, operation, operationName, queryHash }) {
          // The first code to read the variables: it refuses hostile ones before the cost walk.
          checkVariables(schema, operation, request.variables);
          cost = cachedOperationCost(schema, document, operation, queryHash, request.variables ?? {}, operationName ?? undefined);
          if (cost > maxCost) {
            throw new GraphQLError(`Operation is too costly: ${cost} exceeds the limit of ${maxCost}`, {
              extensions: { code: 'COST_LIMIT_EXCEEDED', cost, maxCost },
            });
          }
          const taken = await limiter?.take(contextValue.rateLimitKey, cost);
          if (taken && !taken.allowed) {
            throw new GraphQLError(
              `Rate limit: more than ${limiter!.costPerMinute} cost units this minute; retry in ${taken.retryAfterSeconds} s`,
              {
                extensions: {
                  code: ErrorCode.RATE_LIMITED,
                  retryAfterSeconds: taken.retryAfterSeconds,
                  // Apollo sets these on the HTTP answer and drops `http` from the body.
                  http: { status: 429, headers: new Map([['retry-after', String(taken.retryAfterSeconds)]]) },
                },
              },
            );
          }
        },
        async willSendResponse({ response }) {
          if (cost !== undefined && response.body.kind === 'single') {
            response.body.singleResult.extensions = {
              ...response.body.singleResult.extensions,
              cost: { requested: cost, maximum: maxCost },
            };
          }
        },
      };
    },
  };
}
