import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, separateOperations, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { ErrorCode } from '../core/errors';
import type { CostRateLimiter } from './rate-limit';

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

/**
 * getComplexity coerces the variables before Apollo does; a wrong variable
 * (null for a non-null input, a string for an Int) must answer BAD_USER_INPUT
 * as Apollo's own coercion would, not an unexpected error.
 */
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
    throw new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
  }
}

const COSTS_PER_DOCUMENT = 64;
const costCache = new WeakMap<DocumentNode, Map<string, number>>();

/**
 * Apollo hands over the same parsed document for the same query text, so a
 * document's cost is kept per operation name and variables: walking the
 * document again cost a learner query about 6 % of its time.
 */
function cachedOperationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  let costs = costCache.get(document);
  if (!costs) costCache.set(document, (costs = new Map()));
  const key = `${operationName ?? ''}\u0000${JSON.stringify(variables)}`;
  let cost = costs.get(key);
  if (cost === undefined) {
    const query = operationName ? (separateOperations(document)[operationName] ?? document) : document;
    cost = operationCost(schema, query, variables, operationName);
    if (costs.size >= COSTS_PER_DOCUMENT) costs.delete(costs.keys().next().value!);
    costs.set(key, cost);
  }
  return cost;
}

/**
 * Cost of an operation: each field costs 1 per returned record, and a
 * connection's `first` multiplies its selection (`complexity` on fields).
 * Too costly is refused before execution; the cost goes out in `extensions.cost`.
 */
export function costLimitPlugin<TContext extends { rateLimitKey: string }>(
  maxCost: number = LIMITS.maxCost,
  limiter?: CostRateLimiter,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue }) {
      let cost: number | undefined;
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          cost = cachedOperationCost(schema, document, request.variables ?? {}, operationName ?? undefined);
          if (cost > maxCost) {
            throw new GraphQLError(`Operation is too costly: ${cost} exceeds the limit of ${maxCost}`, {
              extensions: { code: 'COST_LIMIT_EXCEEDED', cost, maxCost },
            });
          }
          const taken = limiter?.take(contextValue.rateLimitKey, cost);
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
