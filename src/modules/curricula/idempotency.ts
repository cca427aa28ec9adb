import { and, eq, lt } from 'drizzle-orm';
import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/database';
import { idempotencyKeys } from '../../db/schema';

/** Keys live at least this long; older ones are purged as new ones arrive. */
export const IDEMPOTENCY_TTL_MS = 8 * 24 * 60 * 60 * 1000;

const scopeOf = (viewer: Viewer) => (viewer.tokenId === null ? `name:${viewer.tokenName}` : `token:${viewer.tokenId}`);

/** The first answer stored for this token, operation and key, if any. Call inside the write transaction. */
export async function storedAnswer<T>(tx: Db, viewer: Viewer, operation: string, key: string): Promise<T | undefined> {
  const row = await tx
    .select({ response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.scope, scopeOf(viewer)), eq(idempotencyKeys.operation, operation), eq(idempotencyKeys.key, key)))
    .get();
  return row?.response as T | undefined;
}

export async function storeAnswer(tx: Db, viewer: Viewer, operation: string, key: string, response: unknown): Promise<void> {
  await tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(Date.now() - IDEMPOTENCY_TTL_MS))).run();
  await tx.insert(idempotencyKeys).values({ scope: scopeOf(viewer), operation, key, response }).run();
}
