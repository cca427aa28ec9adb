import { eq } from 'drizzle-orm';
import type { Db } from '../../db/database';
import { certificateRules } from '../../db/schema';
import type { Problems } from '../../core/problems';

/**
 * A session or cohort may name only a defined rule: a mistyped code would
 * otherwise leave everyone silently ineligible.
 */
export async function checkRuleCode(db: Db, code: string | null, field: (string | number)[], p: Problems): Promise<void> {
  if (code === null) return;
  const found = await db.select({ id: certificateRules.id }).from(certificateRules).where(eq(certificateRules.code, code)).limit(1).get();
  if (!found) p.add(field, 'NOT_FOUND', `No certificate rule has code ${code}; define it first`);
}
