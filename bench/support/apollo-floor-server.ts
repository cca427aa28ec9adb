import { ApolloServer } from '@apollo/server';
import fastifyApollo from '@as-integrations/fastify';
import Fastify from 'fastify';

/**
 * The ceiling for any server on our stack: Fastify + Apollo Server 5 with a
 * one-field schema and no database, answering `{ hello }`. No GraphQL server
 * built on these two can answer MyProgress faster than this answers nothing.
 * Child process, env PORT.
 */
async function main() {
  const app = Fastify();
  const apollo = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'hello' } } });
  await apollo.start();
  await app.register(fastifyApollo(apollo));
  app.get('/healthz', async () => 'ok');
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
