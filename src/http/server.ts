import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import { normalizeIP } from '@fastify/rate-limit';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { appErrorIn, ErrorCode } from '../core/errors';
import { createFormatError } from '../graphql/format-error';
import { armorProtection, costLimitPlugin, LIMITS } from '../graphql/limits';
import { isVariablesTooLarge, refuseDeepJsonBodies, VARIABLES_TOO_LARGE } from '../graphql/variable-limits';
import { jitGateway } from '../graphql/jit-gateway';
import { legacyJsonStatusPlugin } from '../graphql/status-code';
import { CostRateLimiter, type CostLimiter } from '../graphql/rate-limit';
import { PublicRateLimited } from './public-rate-limit';

/** What a request says about its caller, for the application to build its context from. */
export interface CallerCredentials {
  bearerToken: string | undefined;
  clientAddress: string;
}

export interface HttpDeps<TContext extends { rateLimitKey: string }> {
  config: Config;
  db: Database;
  logger: Logger;
  schema: GraphQLSchema;
  context: (caller: CallerCredentials) => TContext | Promise<TContext>;
  /** Plain routes served beside `/graphql`. */
  routes: (app: FastifyInstance) => Promise<void>;
  /** The cost budget per caller; by default this process's own. */
  costLimiter?: CostLimiter;
}

/** The token of an `Authorization: Bearer <token>` header. */
export const bearerToken = (request: FastifyRequest) => {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
};

function operationName(request: FastifyRequest): string | undefined {
  const body = request.body as { operationName?: unknown } | undefined;
  const query = request.query as { operationName?: unknown } | undefined;
  const name = body?.operationName ?? query?.operationName;
  return typeof name === 'string' ? name.slice(0, 100) : undefined;
}

/** One Fastify server: `/graphql`, `/healthz` and the feature modules' public pages. */
export async function createHttpServer<TContext extends { rateLimitKey: string }>(
  { config, db, logger, schema, context, routes, costLimiter }: HttpDeps<TContext>,
): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger, bodyLimit: LIMITS.bodyLimitBytes,
    // request.ip (rate limits, logs) reads X-Forwarded-For only from these proxies.
    trustProxy: config.TRUST_PROXY,
    logController: new LogController({ disableRequestLogging: true }),
  });
  refuseDeepJsonBodies(app);

  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        path: request.routeOptions.url ?? request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        operation: operationName(request),
      },
      'request',
    );
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({
        errors: [{ message: `Request body exceeds ${LIMITS.bodyLimitBytes / 1024 / 1024} MB`, extensions: { code: ErrorCode.PAYLOAD_TOO_LARGE } }],
      });
    }
    if (error instanceof PublicRateLimited) {
      return reply.status(429).send({
        errors: [{ message: error.message, extensions: { code: error.code, retryAfterSeconds: error.retryAfterSeconds } }],
      });
    }
    const known = appErrorIn(error);
    if (known?.code === ErrorCode.BAD_USER_INPUT) return reply.status(400).send({ errors: [{ message: known.message, extensions: { code: known.code } }] });
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'request failed');
    const code = status === 500 ? ErrorCode.INTERNAL_SERVER_ERROR : isVariablesTooLarge(error) ? VARIABLES_TOO_LARGE : 'BAD_REQUEST';
    return reply.status(status).send({ errors: [{ message: status === 500 ? 'Internal server error' : error.message, extensions: { code } }] });
  });

  const armor = armorProtection({ hideSuggestions: config.NODE_ENV === 'production' });
  const apollo = new ApolloServer<TContext>({
    ...(config.GRAPHQL_JIT ? { gateway: jitGateway<TContext>(schema) } : { schema }),
    introspection: config.GRAPHQL_INTROSPECTION,
    includeStacktraceInErrorResponses: false,
    // src/main.ts owns SIGTERM/SIGINT (graceful stop); Apollo's handler would re-raise the signal and kill the process.
    stopOnTerminationSignals: false,
    formatError: createFormatError(logger),
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    // No field sets cache hints; the default cache-control plugin would wrap every resolver for nothing.
    plugins: [ApolloServerPluginCacheControlDisabled(), fastifyApolloDrainPlugin(app), ...armor.plugins, costLimitPlugin(LIMITS.maxCost, costLimiter ?? new CostRateLimiter(config.RATE_LIMIT_COST_PER_MINUTE)), legacyJsonStatusPlugin()],
  });
  await apollo.start();

  await app.register(fastifyApollo(apollo), {
    // One budget per address; IPv6 clients by /64, as the public routes count them.
    context: async (request) => context({ bearerToken: bearerToken(request), clientAddress: normalizeIP(request.ip) }),
  });

  app.get('/healthz', async (_request, reply) => {
    await db.ping();
    // A replica's outage leaves this node serving (its reads fall back to the primary): shown, not failed.
    const replica = await db.replicaStatus();
    return reply.send({ status: 'ok', database: 'migrated', ...(replica === 'none' ? {} : { replica }) });
  });

  await routes(app);
  return app;
}
