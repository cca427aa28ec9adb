import DataLoader from 'dataloader';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { certificateCriteria, certificateRules, certificates, type CertificateRow, type CertificateRuleRow } from '../../db/schema';
import { byKey, groupByKey } from '../../graphql/loader-utils';

const subjectKey = (type: string, subjectId: number, learnerId: number) => `${type}:${subjectId}:${learnerId}`;

export function createCertificateLoaders(db: Database) {
  return {
    certificateById: new DataLoader<number, CertificateRow | null>(async (ids) =>
      byKey(ids, db.read.select().from(certificates).where(inArray(certificates.id, [...ids])).all(), (r) => r.id),
    ),
    ruleById: new DataLoader<number, CertificateRuleRow | null>(async (ids) =>
      byKey(ids, db.read.select().from(certificateRules).where(inArray(certificateRules.id, [...ids])).all(), (r) => r.id),
    ),
    criteriaByRuleId: new DataLoader<number, (typeof certificateCriteria.$inferSelect)[]>(async (ids) =>
      groupByKey(
        ids,
        db.read.select().from(certificateCriteria).where(inArray(certificateCriteria.ruleId, [...ids])).orderBy(certificateCriteria.position).all(),
        (r) => r.ruleId,
      ),
    ),
    /** A learner's certificate for a subject: the VALID one, else the latest revoked one. */
    certificateFor: new DataLoader<{ type: 'SESSION' | 'COHORT'; subjectId: number; learnerId: number }, CertificateRow | null, string>(
      async (keys) => {
        const rows = [...new Set(keys.map((k) => k.type))].flatMap((type) => {
          const ofType = keys.filter((k) => k.type === type);
          return db.read
            .select()
            .from(certificates)
            .where(
              and(
                eq(certificates.subjectType, type),
                inArray(certificates.subjectId, [...new Set(ofType.map((k) => k.subjectId))]),
                inArray(certificates.learnerId, [...new Set(ofType.map((k) => k.learnerId))]),
              ),
            )
            .orderBy(certificates.id)
            .all();
        });
        const best = new Map<string, CertificateRow>();
        for (const r of rows) {
          const k = subjectKey(r.subjectType, r.subjectId, r.learnerId);
          const held = best.get(k);
          if (!held || held.status !== 'VALID') best.set(k, r);
        }
        return keys.map((k) => best.get(subjectKey(k.type, k.subjectId, k.learnerId)) ?? null);
      },
      { cacheKeyFn: (k) => subjectKey(k.type, k.subjectId, k.learnerId) },
    ),
  };
}
