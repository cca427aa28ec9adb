import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  decodeBitstring,
  encodeBitstring,
  getBit,
  newBitstring,
  revocationBitstring,
  setBit,
  STATUS_LIST_BITS,
  statusPosition,
} from '../../../src/modules/credentials/status-list';

/** An independent reading of the spec: the list as a string of '0'/'1', index 0 the left-most bit of the first byte. */
const asBitString = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');

describe('bitstring status list', () => {
  it('decodes the spec example: a 16 KB list of zeros, multibase base64url of its GZIP', () => {
    // W3C Bitstring Status List v1.0, example "BitstringStatusListCredential" (an empty list).
    const bits = decodeBitstring('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA');
    expect(bits.length * 8).toBe(STATUS_LIST_BITS);
    expect(bits.every((b) => b === 0)).toBe(true);
  });

  it('puts index 0 in the most significant bit of byte 0', () => {
    const bits = newBitstring();
    setBit(bits, 0, true);
    setBit(bits, 9, true);
    expect([bits[0], bits[1]]).toEqual([0x80, 0x40]);
    expect(asBitString(bits).slice(0, 16)).toBe('1000000001000000');
  });

  test.prop([fc.uniqueArray(fc.nat({ max: STATUS_LIST_BITS - 1 }), { maxLength: 50 })])(
    'round-trips through encode/decode and agrees with the spec bit order',
    (indexes) => {
      const bits = newBitstring();
      for (const i of indexes) setBit(bits, i, true);
      const encoded = encodeBitstring(bits);
      expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
      const decoded = decodeBitstring(encoded);
      const text = asBitString(decoded);
      const set = new Set(indexes);
      for (const i of [...indexes, 0, 1, 7, 8, STATUS_LIST_BITS - 1]) {
        expect(getBit(decoded, i)).toBe(set.has(i));
        expect(text[i]).toBe(set.has(i) ? '1' : '0');
      }
      expect([...text].filter((c) => c === '1')).toHaveLength(set.size);
    },
  );

  it('clears a bit it set', () => {
    const bits = newBitstring();
    setBit(bits, 12, true);
    setBit(bits, 13, true);
    setBit(bits, 12, false);
    expect([getBit(bits, 12), getBit(bits, 13)]).toEqual([false, true]);
  });

  it('places certificate ids in consecutive lists of 131072 entries', () => {
    expect(statusPosition(0)).toEqual({ list: 1, index: 0 });
    expect(statusPosition(131071)).toEqual({ list: 1, index: 131071 });
    expect(statusPosition(131072)).toEqual({ list: 2, index: 0 });
    expect(() => statusPosition(-1)).toThrow(RangeError);
  });

  it('builds a list from revoked ids, ignoring ids of other lists', () => {
    const decoded = decodeBitstring(revocationBitstring(2, [5, STATUS_LIST_BITS + 5, 3 * STATUS_LIST_BITS]));
    expect(asBitString(decoded).indexOf('1')).toBe(5);
    expect(asBitString(decoded).lastIndexOf('1')).toBe(5);
  });
});
