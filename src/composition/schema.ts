import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, getMetadataStorage } from 'type-graphql';
import { nodeFetchers, resolvers } from './resolvers';
import { authChecker } from '../graphql/auth-checker';
import { applyGlobalIds, createNodeResolver, resolveAbstractTypesByTypename } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';

let built: GraphQLSchema | undefined;

/** The executable schema, built once from the modules' decorators. */
export function getSchema(): GraphQLSchema {
  // Plain fields read the row's property. Unless marked simple, type-graphql wraps every one of
  // them in a resolver that runs the (here empty) middleware chain: ~700 calls for a catalogue page.
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
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
