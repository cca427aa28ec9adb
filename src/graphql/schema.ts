import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { nodeFetchers, resolvers } from '../modules';
import { authChecker } from './auth-checker';
import { applyGlobalIds, createNodeResolver, resolveAbstractTypesByTypename } from './node';
import { DateTimeScalar } from './scalars';

let built: GraphQLSchema | undefined;

/** The executable schema, built once from the modules' decorators. */
export function getSchema(): GraphQLSchema {
  built ??= resolveAbstractTypesByTypename(applyGlobalIds(
    buildSchemaSync({
      resolvers: [...resolvers, createNodeResolver(nodeFetchers)],
      authChecker,
      authMode: 'error',
      validate: false,
      scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
      emitSchemaFile: false,
    }),
  ));
  return built;
}

/** The SDL committed as `schema.graphql`, in a stable order. */
export const printAppSchema = () => `${printSchema(lexicographicSortSchema(getSchema()))}\n`;
