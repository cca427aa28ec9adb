import { and, desc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { bulkInsert } from '../../db/batch';
import { prepared, type Database } from '../../db/database';
import { portable, storable } from '../../db/portable';
import { certificates, certificateSignatories, institutions, learners, type CertificateRow, type SubjectType } from '../../db/schema';
import { fail, forbidden, ok, rollbackOnUserErrors, UserErrorsAbort, userError, type Result } from '../../core/errors';
import { paginate, type Page, type PageArgs } from '../../db/paginate';
import { forAllowed } from '../../db/page-loader';
import { pagesByParent } from '../../db/ranked';
import type { InstitutionService } from '../institutions/institution.service';
import { scopeCondition } from '../institutions/list-scope';
import { learnerNameCondition, searchTerm } from '../learners/learner-search';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import { recordCertificateEvents, recordTargetsMet } from '../events/outbox';
import type { LearnerService } from '../learners/learner.service';
import { maskNip } from '../learners/nip';
import type { CertificateDocument } from '../credentials/certificate-document';
import type { CredentialService } from '../credentials/credential.service';
import type { EligibilityService } from './eligibility.service';
import { certificateNumber, issuerZone, newVerificationCode, reserveSequence } from './numbering';
import type { SubjectService } from './subject.service';
import { signatoryDocument } from './signatory.service';
import { cancelledProblem } from './subject';

/** Verification codes are 27 characters; anything much longer is not one. */
const MAX_CODE_LENGTH = 100;

/** Column order of the multi-row insert issuance uses. */
const CERTIFICATE_COLUMNS = [
  'number',
  'verification_code',
  'subject_type',
  'subject_id',
  'learner_id',
  'issuer_id',
  'rule_id',
  'title',
  'jp',
  'activity_date',
  'activity_year',
  'issued_at',
  'sequence_year',
  'sequence_no',
  'status',
];

export interface IssueOutcome {
  dryRun: boolean;
  issuedCount: number;
  alreadyIssuedCount: number;
  ineligibleCount: number;
  issued: CertificateRow[];
}

export interface Verification {
  valid: boolean;
  status: CertificateRow['status'] | null;
  number: string | null;
  holderName: string | null;
  holderNipMasked: string | null;
  title: string | null;
  jp: number | null;
  issuerName: string | null;
  issuedAt: Date | null;
  revocationReason: string | null;
}

const NOT_FOUND_VERIFICATION: Verification = {
  valid: false,
  status: null,
  number: null,
  holderName: null,
  holderNipMasked: null,
  title: null,
  jp: null,
  issuerName: null,
  issuedAt: null,
  revocationReason: null,
};

const byVerificationCode = prepared((db) =>
  db
    .select({
      certificate: certificates,
      holderName: learners.name,
      holderNip: learners.nip,
      holderEmail: learners.email,
      issuerName: institutions.name,
      issuerCode: institutions.code,
      signatory: certificateSignatories,
      issuerPath: institutions.path,
    })
    .from(certificates)
    .innerJoin(learners, eq(learners.id, certificates.learnerId))
    .innerJoin(institutions, eq(institutions.id, certificates.issuerId))
    .leftJoin(certificateSignatories, eq(certificateSignatories.institutionId, certificates.issuerId))
    .where(eq(certificates.verificationCode, sql.placeholder('code')))
    .prepare(),
);

const latestForAchievement = prepared((db) =>
  db
    .select({ code: certificates.verificationCode })
    .from(certificates)
    .innerJoin(institutions, eq(institutions.id, certificates.issuerId))
    .where(
      and(
        eq(certificates.subjectType, sql.placeholder('type')),
        eq(certificates.subjectId, sql.placeholder('id')),
        eq(institutions.code, sql.placeholder('issuer')),
      ),
    )
    .orderBy(desc(certificates.id))
    .limit(1)
    .prepare(),
);

const byNumber = prepared((db) =>
  db
    .select({ certificate: certificates, issuerPath: institutions.path })
    .from(certificates)
    .innerJoin(institutions, eq(institutions.id, certificates.issuerId))
    .where(eq(certificates.number, sql.placeholder('number')))
    .prepare(),
);

export interface CertificateFilter {
  issuerCode?: string | null;
  sessionId?: number | null;
  cohortId?: number | null;
  status?: CertificateRow['status'] | null;
  issuedFrom?: string | null;
  issuedTo?: string | null;
  search?: string | null;
}

export class CertificateService {
  constructor(
    private readonly db: Database,
    private readonly subjects: SubjectService,
    private readonly eligibility: EligibilityService,
    private readonly learners: LearnerService,
    private readonly credentials: CredentialService,
    private readonly institutions: InstitutionService,
  ) {}

  verificationUrl = (code: string) => this.credentials.verificationUrl(code);
  pdfUrl = (code: string) => this.credentials.pdfUrl(code);

  /**
   * A certificate with its holder and issuer, by the code behind the QR; codes
   * far longer than ours find nothing. The public pages read a replica, which may lag a moment.
   */
  private async byCode(code: string, from: 'primary' | 'replica' = 'primary') {
    return code.length <= MAX_CODE_LENGTH && storable(code) ? await byVerificationCode(from === 'replica' ? this.db.replica : this.db.read).get({ code }) : undefined;
  }

  /** The certificate as a signed Open Badges 3.0 credential (VC-JWT). */
  async credential(row: CertificateRow): Promise<string | null> {
    const found = await this.byCode(row.verificationCode);
    return found ? this.credentials.credentialFor(await this.toDocument(found)) : null;
  }

  /** What the public page, the PDF and the credential show. */
  async findDocument(code: string): Promise<CertificateDocument | null> {
    const found = await this.byCode(code, 'replica');
    return found ? this.toDocument(found) : null;
  }

  /** The newest certificate of a subject by an issuer, which the public achievement page describes. */
  async findLatestForAchievement(issuerCode: string, subject: { type: SubjectType; id: number }): Promise<CertificateDocument | null> {
    const latest = await latestForAchievement(this.db.replica).get({ type: subject.type, id: subject.id, issuer: issuerCode });
    return latest ? this.findDocument(latest.code) : null;
  }

  private async toDocument(found: NonNullable<Awaited<ReturnType<CertificateService['byCode']>>>): Promise<CertificateDocument> {
    const c = found.certificate;
    const subject = await this.subjects.find(c.subjectType, c.subjectId);
    return {
      certificateId: c.id,
      number: c.number,
      verificationCode: c.verificationCode,
      status: c.status,
      revokedAt: c.revokedAt,
      revocationReason: c.revocationReason,
      title: c.title,
      subject: { type: c.subjectType, id: c.subjectId },
      subjectLabel: subject?.label ?? c.title,
      activityDate: c.activityDate,
      jp: c.jp,
      issuedAt: c.issuedAt,
      holder: { name: found.holderName, nip: found.holderNip, email: found.holderEmail },
      issuer: { code: found.issuerCode, name: found.issuerName, timeZone: await issuerZone(this.db.read, found.issuerPath) },
      competencies: subject ? await this.subjects.competencies(subject) : [],
      signatory: signatoryDocument(found.signatory),
    };
  }

  /**
   * Issues to every eligible learner who holds no VALID certificate for the
   * subject, in one transaction. Writes are queued one at a time and a partial
   * unique index backs it up, so repeated or concurrent calls never issue twice.
   */
  async issue(viewer: Viewer, target: { type: SubjectType; id: number }, dryRun: boolean): Promise<Result<IssueOutcome>> {
    const subject = await this.subjects.requireManaged(viewer, target.type, target.id);
    const subjectField = [target.type === 'SESSION' ? 'sessionId' : 'cohortId'];
    const cancelled = cancelledProblem(subject, subjectField);
    if (cancelled) return fail(cancelled);
    if (!subject.ruleCode) return fail(userError(subjectField, 'NO_RULE', `${subject.label} has no certificate rule`));
    const plan = async (db = this.db.read) => {
      const { rule, rows } = await this.eligibility.judge(subject, db);
      if (!rule) throw new UserErrorsAbort([userError(subjectField, 'NO_RULE', `Certificate rule ${subject.ruleCode} is not defined`)]);
      const held = new Set(
        (
          await db
            .select({ learnerId: certificates.learnerId })
            .from(certificates)
            .where(and(eq(certificates.subjectType, subject.type), eq(certificates.subjectId, subject.id), eq(certificates.status, 'VALID')))
            .all()
        ).map((r) => r.learnerId),
      );
      const eligible = rows.filter((r) => r.eligible);
      const toIssue = eligible.filter((r) => !held.has(r.learnerId));
      return {
        rule,
        toIssue,
        outcome: { dryRun, issuedCount: toIssue.length, alreadyIssuedCount: eligible.length - toIssue.length, ineligibleCount: rows.length - eligible.length, issued: [] as CertificateRow[] },
      };
    };
    if (dryRun) return rollbackOnUserErrors(async () => (await plan()).outcome);

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const { rule, toIssue, outcome } = await plan(tx);
        if (toIssue.length === 0) return outcome;
        const now = DateTime.now().setZone(await issuerZone(tx, subject.institutionPath));
        const first = await reserveSequence(tx, subject.institutionId, now.year, toIssue.length);
        const issuedAt = now.toMillis();
        const activityYear = Number(subject.activityDate.slice(0, 4));
        await bulkInsert(
          tx,
          'certificates',
          CERTIFICATE_COLUMNS,
          toIssue.map((r, i) => [
            certificateNumber(subject.institutionCode, subject.code, now.year, first + i),
            newVerificationCode(),
            subject.type,
            subject.id,
            r.learnerId,
            subject.institutionId,
            rule.id,
            subject.title,
            subject.jp,
            subject.activityDate,
            activityYear,
            issuedAt,
            now.year,
            first + i,
            'VALID',
          ]),
        );
        outcome.issued = await tx
          .select()
          .from(certificates)
          .where(
            and(
              eq(certificates.issuerId, subject.institutionId),
              eq(certificates.sequenceYear, now.year),
              gte(certificates.sequenceNo, first),
              lte(certificates.sequenceNo, first + toIssue.length - 1),
            ),
          )
          .orderBy(certificates.sequenceNo)
          .all();
        const justIssued = sql`c.issuer_id = ${subject.institutionId} AND c.sequence_year = ${now.year} AND c.sequence_no BETWEEN ${first} AND ${first + toIssue.length - 1}`;
        await recordCertificateEvents(tx, 'CERTIFICATE_ISSUED', justIssued, issuedAt);
        await recordTargetsMet(tx, justIssued, issuedAt);
        await recordAudit(tx, viewer, {
          action: 'issueCertificates',
          targetType: subject.type === 'SESSION' ? 'WebinarSession' : 'Cohort',
          targetId: subject.id,
          institutionId: subject.institutionId,
          summary: `Issued ${toIssue.length} certificates for ${subject.label} by rule ${rule.code} v${rule.version} (${outcome.alreadyIssuedCount} already held, ${outcome.ineligibleCount} not eligible)`,
        });
        return outcome;
      }),
    );
  }

  async revoke(viewer: Viewer, input: { number: string; reason: string }): Promise<Result<CertificateRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const found = policy.manageable(viewer, await byNumber(this.db.read).get({ number: input.number.trim() }), (c) => c.issuerPath, 'certificate');
    if (!found) return fail(userError(['number'], 'NOT_FOUND', `No certificate has number ${input.number}`));
    const p = new Problems();
    const reason = p.text(input.reason, ['reason'], 'Reason', 500);
    if (found.certificate.status === 'REVOKED') p.add(['number'], 'ALREADY_REVOKED', 'The certificate was already revoked');
    if (p.any || !reason) return fail(...p.list);
    const row = await this.db.write(async (tx) => {
      const updated = await tx
        .update(certificates)
        .set({ status: 'REVOKED', revokedAt: new Date(), revocationReason: reason })
        .where(and(eq(certificates.id, found.certificate.id), eq(certificates.status, 'VALID')))
        .returning()
        .get();
      if (!updated) throw new UserErrorsAbort([userError(['number'], 'ALREADY_REVOKED', 'The certificate was already revoked')]);
      await recordCertificateEvents(tx, 'CERTIFICATE_REVOKED', sql`c.id = ${updated.id}`, updated.revokedAt!.getTime());
      await recordAudit(tx, viewer, {
        action: 'revokeCertificate',
        targetType: 'Certificate',
        targetId: updated.number,
        institutionId: updated.issuerId,
        summary: `Revoked ${updated.number}: ${reason}`,
      });
      return updated;
    });
    return ok(row);
  }

  /** Public: what a certificate's reader needs, and never more than the last 4 NIP digits. */
  async verify(code: string): Promise<Verification> {
    const found = await this.byCode(code, 'replica');
    if (!found) return NOT_FOUND_VERIFICATION;
    const c = found.certificate;
    return {
      valid: c.status === 'VALID',
      status: c.status,
      number: c.number,
      holderName: found.holderName,
      holderNipMasked: maskNip(found.holderNip),
      title: c.title,
      jp: c.jp,
      issuerName: found.issuerName,
      issuedAt: c.issuedAt,
      revocationReason: c.revocationReason,
    };
  }

  async revokedCertificateIds(): Promise<number[]> {
    return (await this.db.read.select({ id: certificates.id }).from(certificates).where(eq(certificates.status, 'REVOKED')).all()).map((r) => r.id);
  }

  async revokedCount(): Promise<number> {
    return (await this.db.read.select({ n: sql<number>`count(*)` }).from(certificates).where(eq(certificates.status, 'REVOKED')).get())!.n;
  }

  async highestCertificateId(): Promise<number | null> {
    return (await this.db.read.select({ id: sql<number | null>`max(${certificates.id})` }).from(certificates).get())?.id ?? null;
  }

  /**
   * The holder, the issuer's admins and the holder's institution admins may
   * read a certificate; missing and unreadable answer alike (FORBIDDEN, or null to a SUPERADMIN).
   */
  async getByNumber(viewer: Viewer, number: string): Promise<CertificateRow | null> {
    policy.requireAuthenticated(viewer);
    const found = storable(number) ? await byNumber(this.db.read).get({ number: number.trim() }) : undefined;
    if (found && (await this.learners.getById(viewer, found.certificate.learnerId))) return found.certificate;
    return policy.manageable(viewer, found, (c) => c.issuerPath, 'certificate')?.certificate ?? null;
  }

  /** A learner's certificates, newest first; `year` filters by activity year. */
  async listForLearner(viewer: Viewer, learnerId: number, args: { first?: number | null; after?: string | null; year?: number | null }): Promise<Page<CertificateRow>> {
    await this.learners.requireReadable(viewer, learnerId);
    const where = and(eq(certificates.learnerId, learnerId), args.year == null ? undefined : eq(certificates.activityYear, args.year));
    return paginate(args, {
      rows: (page) => this.db.read.select().from(certificates).where(and(where, page.after)).orderBy(...page.orderBy).limit(page.limit).all(),
      order: [
        { column: certificates.issuedAt, direction: 'desc', value: (r) => r.issuedAt.getTime() },
        { column: certificates.id, direction: 'desc', value: (r) => r.id },
      ],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(certificates).where(where).get())!.n,
    });
  }

  /**
   * Certificates issued by institutions the viewer manages (a LEARNER: their
   * own), newest first. `search` is a prefix of the number or part of the
   * holder's name; dates include `issuedFrom` and exclude `issuedTo`.
   */
  async browse(viewer: Viewer, filter: CertificateFilter, args: PageArgs): Promise<Page<CertificateRow>> {
    const scope = await this.institutions.listScope(viewer, filter.issuerCode);
    const term = filter.search ? searchTerm(filter.search) : '';
    const where = and(
      scopeCondition(scope, { institution: certificates.issuerId, learner: certificates.learnerId }),
      filter.sessionId != null ? and(eq(certificates.subjectType, 'SESSION'), eq(certificates.subjectId, filter.sessionId)) : undefined,
      filter.cohortId != null ? and(eq(certificates.subjectType, 'COHORT'), eq(certificates.subjectId, filter.cohortId)) : undefined,
      filter.status ? eq(certificates.status, filter.status) : undefined,
      filter.issuedFrom ? gte(certificates.issuedAt, new Date(Date.parse(filter.issuedFrom))) : undefined,
      filter.issuedTo ? lt(certificates.issuedAt, new Date(Date.parse(filter.issuedTo))) : undefined,
      term ? this.numberOrHolder(term) : undefined,
    );
    return paginate(args, {
      rows: (page) => this.db.read.select().from(certificates).where(and(where, page.after)).orderBy(...page.orderBy).limit(page.limit).all(),
      order: [{ column: certificates.id, direction: 'desc', value: (r) => r.id }],
      count: async () => (await this.db.read.select({ n: sql<number>`count(*)` }).from(certificates).where(where).get())!.n,
    });
  }

  /** Each session's certificates, newest first: for the organiser's admins, who issued them. */
  pagesOfSessions(viewer: Viewer, sessions: { id: number; organizerPath: string }[], args: PageArgs): Promise<(Page<CertificateRow> | Error)[]> {
    const ofSessions = eq(certificates.subjectType, 'SESSION');
    return forAllowed(
      sessions,
      (s) => policy.canManageWebinar(viewer, s.organizerPath),
      (managed) =>
        pagesByParent(this.db.read, args, managed.map((s) => s.id), { table: certificates, parent: certificates.subjectId, where: ofSessions }),
      () => forbidden('Only the organiser’s admins may list the session’s certificates'),
    );
  }

  private numberOrHolder(term: string) {
    const number = term.toUpperCase();
    // Numbers are upper case: the prefix [number, number + U+FFFF) is a range of the unique index.
    const byNumber = and(gte(certificates.number, number), lt(certificates.number, `${number}\uffff`));
    const name = learnerNameCondition(term);
    if (!name) return byNumber;
    const holders = this.db.read.select({ id: learners.id }).from(learners).where(name);
    // PostgreSQL reads an IN (subquery) under OR row by row; = ANY of the subquery's array, read once, joins the two indexes.
    return or(byNumber, portable({ sqlite: sql`${certificates.learnerId} IN ${holders}`, postgres: sql`${certificates.learnerId} = ANY(ARRAY${holders})` }));
  }

  async byIds(ids: readonly number[]) {
    return await this.db.read.select().from(certificates).where(inArray(certificates.id, [...ids])).all();
  }
}
