import type { ApolloServerPlugin } from '@apollo/server';

const REQUEST_ERRORS = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']);

/**
 * GraphQL over HTTP: a client that accepts only `application/json` gets 200
 * for request errors (parse, validation, variables), as the spec prefers;
 * `application/graphql-response+json` clients keep the 4xx status.
 */
export function legacyJsonStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      const accept = request.http?.headers.get('accept') ?? '';
      if (accept.includes('application/graphql-response+json')) return;
      return {
        async willSendResponse({ response }) {
          const body = response.body;
          if (body.kind !== 'single' || response.http.status !== 400) return;
          const errors = body.singleResult.errors ?? [];
          if (errors.length > 0 && errors.every((e) => REQUEST_ERRORS.has(String(e.extensions?.code)))) response.http.status = 200;
        },
      };
    },
  };
}
