import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { CERTIFICATE_STATUSES, type CertificateRow } from '../../db/schema';
import { enumOf } from '../../graphql/enums';
import { Node } from '../../graphql/node';
import { Connection } from '../../graphql/connection';
import { Payload } from '../../graphql/payload';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';

export const CertificateStatus = enumOf(CERTIFICATE_STATUSES, 'CertificateStatus');
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

@ObjectType({ implements: Node, description: 'An e-learning certificate: numbered, verifiable, revocable' })
export class Certificate extends Node {
  @Field(() => String, { description: 'Human-readable, unique, never reused, e.g. BPSDM-JATIM/MITK-41/2025/000123' })
  number!: string;

  @Field(() => String, { description: 'Unguessable code behind the public verification page and QR code' })
  verificationCode!: string;

  @Field(() => CertificateStatus)
  status!: CertificateRow['status'];

  @Field(() => String)
  title!: string;

  @Field(() => Int)
  jp!: number;

  @Field(() => DateScalar, { description: 'Date of the activity; decides the year its JP count for' })
  activityDate!: string;

  @Field(() => DateTimeScalar)
  issuedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => String, { nullable: true })
  revocationReason!: string | null;

  learnerId!: number;
  issuerId!: number;
  ruleId!: number | null;
  subjectType!: CertificateRow['subjectType'];
  subjectId!: number;
}

@ObjectType()
export class CertificateConnection extends Connection(Certificate) {}

@ObjectType({ description: 'What the public may know of a certificate; valid: false for unknown codes' })
export class CertificateVerification {
  @Field(() => Boolean)
  valid!: boolean;

  @Field(() => CertificateStatus, { nullable: true })
  status!: CertificateRow['status'] | null;

  @Field(() => String, { nullable: true })
  number!: string | null;

  @Field(() => String, { nullable: true })
  holderName!: string | null;

  @Field(() => String, { nullable: true, description: 'At most the last 4 digits of the NIP' })
  holderNipMasked!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Int, { nullable: true })
  jp!: number | null;

  @Field(() => String, { nullable: true })
  issuerName!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  issuedAt!: Date | null;

  @Field(() => String, { nullable: true })
  revocationReason!: string | null;
}

@InputType()
export class IssueCertificatesInput {
  @Field(() => ID, { nullable: true })
  sessionId?: string | null;

  @Field(() => ID, { nullable: true })
  cohortId?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Report what would be issued; write nothing' })
  dryRun?: boolean | null;
}

@InputType()
export class CertificateFilter {
  @Field(() => String, { nullable: true, description: 'Issued by this institution or one below it' })
  issuerCode?: string | null;

  @Field(() => ID, { nullable: true })
  sessionId?: string | null;

  @Field(() => ID, { nullable: true })
  cohortId?: string | null;

  @Field(() => CertificateStatus, { nullable: true })
  status?: CertificateStatus | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Issued at or after' })
  issuedFrom?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Issued before' })
  issuedTo?: string | null;

  @Field(() => String, { nullable: true, description: 'The first characters of the number, or part of the holder’s name (3 characters or more)' })
  search?: string | null;
}

@InputType()
export class RevokeCertificateInput {
  @Field(() => String)
  number!: string;

  @Field(() => String)
  reason!: string;
}

@ObjectType()
export class IssueCertificatesPayload extends Payload {
  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => Int, { description: 'Issued now (or, in a dry run, that would be)' })
  issuedCount!: number;

  @Field(() => Int, { description: 'Eligible learners who already hold a valid certificate' })
  alreadyIssuedCount!: number;

  @Field(() => Int)
  ineligibleCount!: number;

  @Field(() => [Certificate], { description: 'The certificates issued now; empty in a dry run' })
  issued!: CertificateRow[];
}

@ObjectType()
export class RevokeCertificatePayload extends Payload {
  @Field(() => Certificate, { nullable: true })
  certificate?: CertificateRow | null;
}
