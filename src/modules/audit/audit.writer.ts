import type { Viewer } from '../../auth/viewer';
import type { Db } from '../../db/database';
import { auditLog } from '../../db/schema';

export interface AuditEntry {
  /** The mutation's name, e.g. `issueCertificates`. */
  action: string;
  targetType?: string;
  targetId?: string | number;
  /** Institution whose admins may read this entry. */
  institutionId?: number | null;
  summary: string;
}

/** Records who did what inside the caller's write transaction; never a token secret. */
export async function recordAudit(tx: Db, viewer: Viewer, entry: AuditEntry): Promise<void> {
  await tx
    .insert(auditLog)
    .values({
      actor: viewer.tokenName,
      actorTokenId: viewer.tokenId,
      institutionId: entry.institutionId ?? viewer.institutionId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId === undefined ? null : String(entry.targetId),
      summary: entry.summary,
    })
    .run();
}
