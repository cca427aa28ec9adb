import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { contractOperationNames, op } from '../support/contract';

const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));

/** Operations of the contract's second round whose feature has not landed yet; each issue removes its own. */
const PENDING = new Set<string>([]);

describe('client contract (../shared/contract, copied into test/contract/operations)', () => {
  const names = contractOperationNames();

  it.each(names.filter((n) => !PENDING.has(n)))('%s validates against schema.graphql', (name) => {
    expect(validate(schema, parse(op(name))).map((e) => e.message)).toEqual([]);
  });

  it('lists no pending operation that already validates (remove it from PENDING)', () => {
    const nowValid = [...PENDING].filter((n) => validate(schema, parse(op(n))).length === 0);
    expect(nowValid).toEqual([]);
  });

  it('knows every pending name', () => {
    expect([...PENDING].filter((n) => !names.includes(n))).toEqual([]);
  });
});
