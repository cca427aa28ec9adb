import { registerEnumType } from 'type-graphql';

/** A GraphQL enum whose values are one list the code already keeps (usually the database's), so the two cannot drift. */
export function enumOf<const V extends readonly string[]>(values: V, name: string, description?: string): { [K in V[number]]: K } {
  const enumObject = Object.fromEntries(values.map((v) => [v, v])) as { [K in V[number]]: K };
  registerEnumType(enumObject, { name, description });
  return enumObject;
}
