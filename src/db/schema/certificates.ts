import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, timestamp } from './columns';
import { institutions } from './institutions';
import { learners } from './learners';

/** What a certificate, an assessment or a rule is about: a webinar session or a cohort. */
export const SUBJECT_TYPES = ['SESSION', 'COHORT'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const ASSESSMENT_KINDS = ['PRE_TEST', 'POST_TEST', 'EVALUATION'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];
export const CRITERION_KINDS = [
  'ATTENDANCE_MINUTES',
  'ATTENDANCE_PERCENT',
  'ASSESSMENT_SCORE',
  'ASSESSMENT_SUBMITTED',
  'MODULES_COMPLETED_PERCENT',
] as const;
export const CERTIFICATE_STATUSES = ['VALID', 'REVOKED'] as const;

export const assessments = sqliteTable(
  'assessments',
  {
    id: integer('id').primaryKey(),
    subjectType: text('subject_type', { enum: SUBJECT_TYPES }).notNull(),
    subjectId: integer('subject_id').notNull(),
    kind: text('kind', { enum: ASSESSMENT_KINDS }).notNull(),
    title: text('title').notNull(),
    maxScore: real('max_score').notNull(),
    passingScore: real('passing_score'),
    createdAt: createdAt(),
  },
  (t) => [index('assessments_subject_idx').on(t.subjectType, t.subjectId, t.kind)],
);

export const assessmentScores = sqliteTable(
  'assessment_scores',
  {
    id: integer('id').primaryKey(),
    assessmentId: integer('assessment_id')
      .notNull()
      .references(() => assessments.id),
    learnerId: integer('learner_id')
      .notNull()
      .references(() => learners.id),
    score: real('score').notNull(),
    submittedAt: timestamp('submitted_at').notNull(),
    recordedAt: createdAt(),
  },
  (t) => [uniqueIndex('assessment_scores_unique').on(t.assessmentId, t.learnerId), index('assessment_scores_learner_idx').on(t.learnerId)],
);

/** One version of a rule; redefining a code adds the next version. */
export const certificateRules = sqliteTable(
  'certificate_rules',
  {
    id: integer('id').primaryKey(),
    institutionId: integer('institution_id')
      .notNull()
      .references(() => institutions.id),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('certificate_rules_code_version').on(t.code, t.version)],
);

export const certificateCriteria = sqliteTable(
  'certificate_criteria',
  {
    ruleId: integer('rule_id')
      .notNull()
      .references(() => certificateRules.id),
    position: integer('position').notNull(),
    kind: text('kind', { enum: CRITERION_KINDS }).notNull(),
    threshold: real('threshold'),
    assessmentKind: text('assessment_kind', { enum: ASSESSMENT_KINDS }),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.position] })],
);

export const certificates = sqliteTable(
  'certificates',
  {
    id: integer('id').primaryKey(),
    number: text('number').notNull(),
    verificationCode: text('verification_code').notNull(),
    subjectType: text('subject_type', { enum: SUBJECT_TYPES }).notNull(),
    subjectId: integer('subject_id').notNull(),
    learnerId: integer('learner_id')
      .notNull()
      .references(() => learners.id),
    issuerId: integer('issuer_id')
      .notNull()
      .references(() => institutions.id),
    ruleId: integer('rule_id').references(() => certificateRules.id),
    title: text('title').notNull(),
    jp: integer('jp').notNull(),
    /** Session date or cohort end, `YYYY-MM-DD`: decides the year the JP count for. */
    activityDate: text('activity_date').notNull(),
    activityYear: integer('activity_year').notNull(),
    issuedAt: timestamp('issued_at').notNull(),
    sequenceYear: integer('sequence_year').notNull(),
    sequenceNo: integer('sequence_no').notNull(),
    status: text('status', { enum: CERTIFICATE_STATUSES }).notNull().default('VALID'),
    revokedAt: timestamp('revoked_at'),
    revocationReason: text('revocation_reason'),
  },
  (t) => [
    uniqueIndex('certificates_number_unique').on(t.number),
    uniqueIndex('certificates_verification_code_unique').on(t.verificationCode),
    uniqueIndex('certificates_issuer_sequence_unique').on(t.issuerId, t.sequenceYear, t.sequenceNo),
    // A learner never holds two valid certificates for one subject, whatever the code does.
    uniqueIndex('certificates_one_valid_per_subject')
      .on(t.subjectType, t.subjectId, t.learnerId)
      .where(sql`${t.status} = 'VALID'`),
    index('certificates_learner_year_idx').on(t.learnerId, t.activityYear, t.status),
    index('certificates_learner_issued_idx').on(t.learnerId, t.issuedAt, t.id),
    index('certificates_subject_idx').on(t.subjectType, t.subjectId),
    // Status lists: the revoked ids, and their count, which tells every server process that one was revoked.
    index('certificates_revoked_idx')
      .on(t.id)
      .where(sql`${t.status} = 'REVOKED'`),
  ],
);

/**
 * A learner's JP and number of VALID certificates per activity year: the sum
 * over `certificates`, kept current by triggers on it (every issue, revoke or
 * other change of a certificate, in the same statement) and filled by the
 * migration that made it, so the totals are read by key instead of summed.
 */
export const learnerYearJp = sqliteTable(
  'learner_year_jp',
  {
    learnerId: integer('learner_id')
      .notNull()
      .references(() => learners.id),
    year: integer('year').notNull(),
    earnedJp: integer('earned_jp').notNull(),
    certificates: integer('certificates').notNull(),
  },
  (t) => [primaryKey({ columns: [t.learnerId, t.year] })],
);

/** Last number used per issuer and year of issue: numbers are gapless and never reused. */
export const certificateSequences = sqliteTable(
  'certificate_sequences',
  {
    issuerId: integer('issuer_id')
      .notNull()
      .references(() => institutions.id),
    year: integer('year').notNull(),
    lastNo: integer('last_no').notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuerId, t.year] })],
);

export type AssessmentRow = typeof assessments.$inferSelect;
export type CertificateRuleRow = typeof certificateRules.$inferSelect;
export type CertificateCriterionRow = typeof certificateCriteria.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;
