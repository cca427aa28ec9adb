import DataLoader from 'dataloader';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database';
import { selectByKeys } from '../../db/keyed';
import { certificateCriteria, certificateRules, certificates, certificateSignatories, type CertificateRow, type CertificateRuleRow, type CertificateSignatoryRow } from '../../db/schema';
import { byKey, groupByKey } from '../../core/by-key';
import type { EligibilityRow, EligibilityService } from './eligibility.service';
import type { Viewer } from '../../auth/viewer';
import { pageLoader } from '../../db/page-loader';
import type { InstitutionRow } from '../../db/schema';
import type { CertificateRuleService } from './certificate-rule.service';
import type { CertificateService } from './certificate.service';

const subjectKey = (type: string, subjectId: number, learnerId: number) => `${type}:${subjectId}:${learnerId}`;

type SubjectLearner = { type: 'SESSION' | 'COHORT'; subjectId: number; learnerId: number };

export function createCertificateLoaders(db: Database, eligibility: EligibilityService) {
  return {
    signatoryOfInstitution: new DataLoader<number, CertificateSignatoryRow | null>(async (ids) =>
      byKey(ids, await selectByKeys(db.read, certificateSignatories, certificateSignatories.institutionId, ids), (r) => r.institutionId),
    ),
    /** The version of each rule code that judges now. */
    currentRuleByCode: new DataLoader<string, CertificateRuleRow | null>(async (codes) => {
      const rows = await selectByKeys(db.read, certificateRules, certificateRules.code, codes);
      const latest = new Map<string, CertificateRuleRow>();
      for (const r of rows) if ((latest.get(r.code)?.version ?? 0) < r.version) latest.set(r.code, r);
      return codes.map((c) => latest.get(c) ?? null);
    }),
    /** One learner's eligibility for one subject, judged for a whole page at once. */
    eligibilityFor: new DataLoader<SubjectLearner, EligibilityRow | null, string>(
      async (keys) => {
        const found = new Map<string, EligibilityRow>();
        for (const type of new Set(keys.map((k) => k.type))) {
          const judged = await eligibility.judgePairs(type, keys.filter((k) => k.type === type));
          for (const [k, row] of judged) found.set(`${type}:${k}`, row);
        }
        return keys.map((k) => found.get(subjectKey(k.type, k.subjectId, k.learnerId)) ?? null);
      },
      { cacheKeyFn: (k) => subjectKey(k.type, k.subjectId, k.learnerId) },
    ),
    certificateById: new DataLoader<number, CertificateRow | null>(async (ids) =>
      byKey(ids, await selectByKeys(db.read, certificates, certificates.id, ids), (r) => r.id),
    ),
    ruleById: new DataLoader<number, CertificateRuleRow | null>(async (ids) =>
      byKey(ids, await selectByKeys(db.read, certificateRules, certificateRules.id, ids), (r) => r.id),
    ),
    criteriaByRuleId: new DataLoader<number, (typeof certificateCriteria.$inferSelect)[]>(async (ids) =>
      groupByKey(
        ids,
        await selectByKeys(db.read, certificateCriteria, certificateCriteria.ruleId, ids, { column: certificateCriteria.position, direction: 'asc' }),
        (r) => r.ruleId,
      ),
    ),
    /** A learner's certificate for a subject: the VALID one, else the latest revoked one. */
    certificateFor: new DataLoader<SubjectLearner, CertificateRow | null, string>(
      async (keys) => {
        let rows: CertificateRow[] = [];
        for (const type of new Set(keys.map((k) => k.type))) {
          const ofType = keys.filter((k) => k.type === type);
          const found = await db.read
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
          rows = rows.concat(found);
        }
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

/** Nested certificate lists, batched across their parents, for this viewer. */
export function createCertificateListLoaders(certificates: CertificateService, rules: CertificateRuleService, viewer: Viewer) {
  return {
    certificatesOfSession: pageLoader<{ id: number; organizerPath: string }, CertificateRow>((sessions, args) =>
      certificates.pagesOfSessions(viewer, sessions, args),
    ),
    rulesOfInstitution: pageLoader<InstitutionRow, CertificateRuleRow>((parents, args) => rules.pagesOfInstitutions(viewer, parents, args)),
  };
}
