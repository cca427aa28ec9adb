import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { certificateSequences } from '../../db/schema';

/** The year of issue in a number is the issuer's (its `timeZone`, inherited down the tree): see `ianaZoneOfPath`. */
export { ianaZoneOfPath as issuerZone } from '../institutions/time-zone';

/** 160 random bits: unguessable, and short enough for a QR code. */
export const newVerificationCode = () => randomBytes(20).toString('base64url');

/** e.g. `BPSDM-JATIM/MITK-41/2025/000123`. */
export const certificateNumber = (issuerCode: string, subjectCode: string, year: number, sequence: number) =>
  `${issuerCode}/${subjectCode}/${year}/${String(sequence).padStart(6, '0')}`;

/**
 * Reserves `count` consecutive sequence numbers for an issuer and year inside
 * the caller's write transaction; returns the first. Rolled back with it, so
 * numbers stay gapless.
 */
export async function reserveSequence(tx: Db, issuerId: number, year: number, count: number): Promise<number> {
  const row = await tx
    .select({ lastNo: certificateSequences.lastNo })
    .from(certificateSequences)
    .where(and(eq(certificateSequences.issuerId, issuerId), eq(certificateSequences.year, year)))
    .get();
  const first = (row?.lastNo ?? 0) + 1;
  await tx
    .insert(certificateSequences)
    .values({ issuerId, year, lastNo: first + count - 1 })
    .onConflictDoUpdate({ target: [certificateSequences.issuerId, certificateSequences.year], set: { lastNo: sql`excluded.last_no` } })
    .run();
  return first;
}
