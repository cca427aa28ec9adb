import { and, eq, lt } from 'drizzle-orm';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/database';
import { idempotencyKeys } from '../../db/schema';

/** Keys live at least this long; older ones are purged as new ones arrive. */
export const IDEMPOTENCY_TTL_MS = 8 * 24 * 60 * 60 * 1000;

const scopeOf = (viewer: Viewer) => (viewer.tokenId === null ? `name:${viewer.tokenName}` : `token:${viewer.tokenId}`);

/** Keys are at most this long (longer ones are refused before they get here). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/**
 * The key as stored. PostgreSQL's text cannot hold NUL, so a key with one is
 * stored as its JSON (which escapes it) behind a prefix that makes it longer
 * than any key: it cannot meet a key stored as itself, and every other key
 * is stored as before.
 */
const storedKey = (key: string) => (key.includes('\u0000') ? `${'\u0001'.repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1)}${JSON.stringify(key)}` : key);

/** The first answer stored for this token, operation and key, if any. Call inside the write transaction. */
export async function storedAnswer<T>(tx: Db, viewer: Viewer, operation: string, key: string): Promise<T | undefined> {
  const row = await tx
    .select({ response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scopeOf(viewer)), eq(idempotencyKeys.operation, operation), eq(idempotencyKeys.key, storedKey(key))))
    .get();
  return row?.response as T | undefined;
}

export async function storeAnswer(tx: Db, viewer: Viewer, operation: string, key: string, response: unknown): Promise<void> {
  await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_MS))).run();
  await tx.insert(idempotencyKeys).values({ scope: scopeOf(viewer), operation, key: storedKey(key), response }).run();
}
