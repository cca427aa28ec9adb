import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

function checked(resolver: GraphQLScalarType, value: unknown, what: string): string {
  if (typeof value !== 'string') throw badInput(`${what} must be a string`);
  try {
    resolver.parseValue(value);
  } catch {
    throw badInput(`${what} is not valid: ${JSON.stringify(value.slice(0, 64))}`);
  }
  return value;
}

const literal = (ast: ValueNode) => (ast.kind === Kind.STRING ? ast.value : undefined);

/**
 * RFC 3339 date-time with an offset. Inputs reach services as the validated
 * string, so the offset a client sent (WIB, WITA, WIT) is kept; Dates go out in UTC.
 */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'ISO-8601 date-time with offset, e.g. 2024-10-24T09:00:00+07:00',
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339',
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'number') return new Date(value).toISOString();
    return checked(DateTimeResolver, value, 'DateTime');
  },
  parseValue: (value) => checked(DateTimeResolver, value, 'DateTime'),
  parseLiteral: (ast) => checked(DateTimeResolver, literal(ast), 'DateTime'),
});

/** ISO-8601 calendar date, `YYYY-MM-DD`, as a string in and out. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'ISO-8601 calendar date, e.g. 2025-10-07',
  specifiedByURL: 'https://datatracker.ietf.org/doc/html/rfc3339',
  serialize(value) {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return checked(DateResolver, value, 'Date');
  },
  parseValue: (value) => checked(DateResolver, value, 'Date'),
  parseLiteral: (ast) => checked(DateResolver, literal(ast), 'Date'),
});

export const JSONScalar = JSONResolver;
