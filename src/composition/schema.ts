import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync, getMetadataStorage } from 'type-graphql';
import { nodeFetchers, resolvers } from './resolvers';
import { authChecker } from '../graphql/auth-checker';
import { applyGlobalIds, createNodeResolver, resolveAbstractTypesByTypename } from '../graphql/node';
import { DateTimeScalar } from '../graphql/scalars';
import { guardFields } from '../graphql/field-guard';
import { isFullLearnerView, RESTRICTED_LEARNER_FIELDS } from '../modules/learners/learner-view';

let built: GraphQLSchema | undefined;

/** The executable schema, built once from the modules' decorators. */
export function getSchema(): GraphQLSchema {
  // Plain fields read the row's property. Unless marked simple, type-graphql wraps every one of
  // them in a resolver that runs the (here empty) middleware chain: ~700 calls for a catalogue page.
  for (const type of getMetadataStorage().objectTypes) type.simpleResolvers ??= true;
  built ??= guardLearners(
    resolveAbstractTypesByTypename(
      applyGlobalIds(
        buildSchemaSync({
          resolvers: [...resolvers, createNodeResolver(nodeFetchers)],
          authChecker,
          authMode: 'error',
          validate: false,
          scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
          emitSchemaFile: false,
        }),
      ),
    ),
  );
  return built;
}

/** A Learner reached by someone who may not read them shows its name and masked NIP, nothing else. */
const guardLearners = (schema: GraphQLSchema) =>
  guardFields(schema, 'Learner', RESTRICTED_LEARNER_FIELDS, isFullLearnerView, 'You may see this learner’s name and masked NIP only');

/** The SDL committed as `schema.graphql`, in a stable order. */
export const printAppSchema = () => `${printSchema(lexicographicSortSchema(getSchema()))}\n`;
