import { defaultFieldResolver, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { forbidden } from '../core/errors';

/**
 * Every field of `typeName` except `open` answers FORBIDDEN unless
 * `mayRead(source)`: a per-object guard applied once to the schema, so a new
 * field is guarded without anyone remembering to.
 */
export function guardFields(schema: GraphQLSchema, typeName: string, open: readonly string[], mayRead: (source: unknown) => boolean, message: string): GraphQLSchema {
  const type = schema.getType(typeName);
  if (!(type instanceof GraphQLObjectType)) throw new Error(`guardFields: no object type ${typeName}`);
  for (const [name, field] of Object.entries(type.getFields())) {
    if (open.includes(name)) continue;
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args, context, info) => {
      if (!mayRead(source)) throw forbidden(message);
      return resolve(source, args, context, info);
    };
  }
  return schema;
}
