import { describe, expect, it } from 'vitest';
import { UntilNextWrite } from '../../src/db/until-next-write';

describe('UntilNextWrite', () => {
  const setup = (capacity = 3, maxBytes = 1024 * 1024, value = (k: string, generation: number) => `${k}@${generation}`) => {
    const db = { generation: 0 };
    const computed: string[][] = [];
    const cache = new UntilNextWrite<string>(db, { capacity, maxBytes });
    const many = (keys: string[]) =>
      cache.getMany(keys, (k) => k, (missing) => {
        computed.push(missing);
        return missing.map((k) => value(k, db.generation));
      });
    return { db, computed, many };
  };

  it('computes only the missing keys, together, and answers in key order', async () => {
    const { computed, many } = setup();
    expect(await many(['a', 'b'])).toEqual(['a@0', 'b@0']);
    expect(await many(['b', 'c', 'a'])).toEqual(['b@0', 'c@0', 'a@0']);
    expect(computed).toEqual([['a', 'b'], ['c']]);
  });

  it('recomputes everything after a committed write', async () => {
    const { db, computed, many } = setup();
    await many(['a', 'b']);
    db.generation++;
    expect(await many(['a', 'b'])).toEqual(['a@1', 'b@1']);
    expect(computed).toEqual([['a', 'b'], ['a', 'b']]);
  });

  it('keeps at most `capacity` values, dropping the least recently used', async () => {
    const { computed, many } = setup(2);
    await many(['a']);
    await many(['b']);
    await many(['a']);
    await many(['c']);
    computed.length = 0;
    await many(['a', 'b', 'c']);
    expect(computed).toEqual([['b']]);
  });

  it('keeps at most `maxBytes` of values, and never one larger than that', async () => {
    // Each value about 20 KB (two bytes a character): three fit in 64 KB, four do not.
    const { computed, many } = setup(100, 64 * 1024, (k) => (k === 'huge' ? 'x'.repeat(40_000) : k.padEnd(10_000, '.')));
    await many(['a', 'b', 'c']);
    await many(['d']);
    computed.length = 0;
    expect((await many(['b', 'c', 'd'])).map((v) => v.slice(0, 1))).toEqual(['b', 'c', 'd']);
    expect(computed).toEqual([]);
    await many(['a']);
    expect(computed).toEqual([['a']]);
    expect((await many(['huge']))[0]).toHaveLength(40_000);
    expect((await many(['huge']))[0]).toHaveLength(40_000);
    expect(computed.slice(1)).toEqual([['huge'], ['huge']]);
  });
});
