import { gunzipSync, gzipSync } from 'node:zlib';

/** W3C Bitstring Status List: the minimum length (16 KB) that hides which entry is whose. */
export const STATUS_LIST_BITS = 131072;

/** Where a certificate's revocation bit lives: lists are numbered from 1. */
export function statusPosition(certificateId: number): { list: number; index: number } {
  if (!Number.isSafeInteger(certificateId) || certificateId < 0) throw new RangeError(`Bad certificateId ${certificateId}`);
  return { list: Math.floor(certificateId / STATUS_LIST_BITS) + 1, index: certificateId % STATUS_LIST_BITS };
}

export const newBitstring = (bits = STATUS_LIST_BITS) => new Uint8Array(bits / 8);

/** Bit 0 is the most significant bit of byte 0 (the spec's "left-most bit"). */
export function setBit(list: Uint8Array, index: number, on: boolean): void {
  const mask = 0x80 >> index % 8;
  list[index >> 3] = on ? list[index >> 3] | mask : list[index >> 3] & ~mask;
}

export const getBit = (list: Uint8Array, index: number) => (list[index >> 3] & (0x80 >> index % 8)) !== 0;

/** Multibase 'u' (base64url, no padding) of the GZIP-compressed bitstring. */
export const encodeBitstring = (list: Uint8Array) => `u${gzipSync(list).toString('base64url')}`;

export function decodeBitstring(encoded: string): Uint8Array {
  if (!encoded.startsWith('u')) throw new Error('encodedList must be multibase base64url (prefix "u")');
  return new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')));
}

/** The encoded list `list` with a 1 at the index of every revoked certificate that falls in it. */
export function revocationBitstring(list: number, revokedIds: Iterable<number>): string {
  const bits = newBitstring();
  for (const id of revokedIds) {
    const position = statusPosition(id);
    if (position.list === list) setBit(bits, position.index, true);
  }
  return encodeBitstring(bits);
}
