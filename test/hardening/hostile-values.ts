import fc from 'fast-check';
import {
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
} from 'graphql';

const injections = [
  "'; DROP TABLE learners; --",
  '" OR 1=1 --',
  "1'); DELETE FROM certificates; --",
  '<script>alert(1)</script>',
  '${process.exit(1)}',
  '{{7*7}}',
  '../../etc/passwd',
  '%00',
  '\u0000',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
];

const invalidDates = ['2024-02-30', '2024-13-01', '2024-10-24T25:61:00+07:00', '0000-00-00T00:00:00Z', '24/10/2024', 'yesterday', '2024-10-24T09:00:00+99:00', '+275760-09-13T00:00:00Z', ''];
const validDates = ['2024-10-24T09:00:00+07:00', '2025-01-01T00:00:00Z', '2026-12-31T23:59:59.999-05:00'];

/** Lone surrogates, RTL marks, zero-width joiners, emoji, combining marks: all valid JSON. */
const oddUnicode = fc.constantFrom('\uD800', '\uDFFF', 'a\uD83Dz', '\u202Eevil', 'ZWJ\u200D', '😀👩‍👩‍👧', 'e\u0301\u0301\u0301', '\uFEFF', '\r\n\t', 'Nguyễn Thị Ánh');

/** Huge strings (up to a few hundred KB), repeated from a short seed so generating them stays cheap. */
const huge = fc
  .tuple(fc.constantFrom('A', '9', 'ễ', '😀', "'; ", '\uD800'), fc.integer({ min: 10_000, max: 300_000 }))
  .map(([seed, n]) => seed.repeat(Math.ceil(n / seed.length)));

export const hostileString = fc.oneof(
  { arbitrary: fc.constantFrom(...injections), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: oddUnicode, weight: 2 },
  { arbitrary: huge, weight: 1 },
  { arbitrary: fc.constantFrom('', ' ', '   \t'), weight: 1 },
);

/** Negative, zero, huge: well-typed for Int, so they reach the services' range checks. */
const hostileInt = fc.oneof(fc.integer({ min: -5, max: 200 }), fc.integer(), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 101, 10_000_001));
const hostileFloat = fc.oneof(hostileInt, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e308, -1e308, 5e-324, 0.1 + 0.2, 100.0000001));

/** A value of the wrong type for whatever the field expects (the server must refuse it as input, not fail). */
const wrongType = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 'NaN', [], {}, [[]], { $gt: '' }),
  fc.string({ maxLength: 5 }),
  fc.array(fc.integer(), { maxLength: 3 }),
);

/** Values of the world that let a call get past lookups, so deeper validation and writes are exercised too. */
export type Known = Record<string, string[]>;

function scalar(name: string, field: string, known: Known): fc.Arbitrary<unknown> {
  const fromWorld = known[field]?.length ? [{ arbitrary: fc.constantFrom(...known[field]), weight: 4 }] : [];
  const mostly = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
  switch (name) {
    case 'Int':
      return mostly(hostileInt, fc.constantFrom('12', 'NaN', '1e3', 1.5, 2 ** 53));
    case 'Float':
      return mostly(hostileFloat, fc.constantFrom('12', 'NaN', 'Infinity', '-0'));
    case 'Boolean':
      return mostly(fc.boolean(), fc.constantFrom('true', 0, 1));
    case 'DateTime':
    case 'Date':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...(name === 'Date' ? ['2025-10-07', '2026-01-05', '2024-02-29'] : validDates)), weight: 4 },
        { arbitrary: fc.constantFrom(...invalidDates), weight: 1 },
        { arbitrary: hostileString, weight: 1 },
      );
    case 'ID':
      return fc.oneof(...fromWorld, hostileString, fc.constantFrom('V2ViaW5hclNlc3Npb246OTk5OTk5', 'TGVhcm5lcjox', 'Q29ob3J0Oi0x', '==', 'eyJ0eXAiOiJKV1QifQ'));
    case 'JSON':
      return fc.jsonValue({ maxDepth: 3 });
    default:
      return fc.oneof(...fromWorld, hostileString);
  }
}

/** Hostile values for a GraphQL input type: mostly well-typed but nasty, sometimes of the wrong type. */
export function hostileValue(type: GraphQLInputType, field: string, known: Known): fc.Arbitrary<unknown> {
  const required = isNonNullType(type);
  const inner = getNullableType(type) as GraphQLInputType;
  let value: fc.Arbitrary<unknown>;
  if (isListType(inner)) {
    value = fc.array(hostileValue(inner.ofType, field, known), { maxLength: 3 });
  } else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    value = fc.record(
      Object.fromEntries(fields.map((f) => [f.name, hostileValue(f.type, f.name, known)])),
      { requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name) },
    );
  } else if (isEnumType(inner)) {
    value = fc.oneof({ arbitrary: fc.constantFrom(...inner.getValues().map((v) => v.name)), weight: 15 }, { arbitrary: hostileString, weight: 1 });
  } else if (isScalarType(inner)) {
    value = scalar(inner.name, field, known);
  } else {
    throw new Error(`Unexpected input type ${String(inner)}`);
  }
  return fc.oneof({ arbitrary: value, weight: 40 }, { arbitrary: required ? wrongType : fc.constant(null), weight: 1 });
}
