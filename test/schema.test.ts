import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printAppSchema } from '../src/composition/schema';

describe('schema.graphql', () => {
  it('is exactly what the code emits (run `npm run schema` after changing types)', () => {
    const committed = readFileSync(join(__dirname, '../schema.graphql'), 'utf8');
    expect(printAppSchema()).toBe(committed);
  });
});
