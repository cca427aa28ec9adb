import { Field, InputType, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { Connection } from '../../graphql/connection';
import { Node } from '../../graphql/node';

@ObjectType({ implements: Node, description: 'One write: who, what, when, on what' })
export class AuditLogEntry extends Node {
  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { description: "The mutation's name, e.g. issueCertificates" })
  action!: string;

  @Field(() => String, { description: 'Name of the API token that made the change' })
  actor!: string;

  @Field(() => String, { nullable: true })
  targetType!: string | null;

  @Field(() => String, { nullable: true })
  targetId!: string | null;

  @Field(() => String)
  summary!: string;
}

@ObjectType()
export class AuditLogEntryConnection extends Connection(AuditLogEntry) {}

@InputType()
export class AuditLogFilter {
  @Field(() => String, { nullable: true })
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'Token name' })
  actor?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Entries at or after this time' })
  from?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Entries before this time' })
  to?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. WebinarSession, Certificate, Learner' })
  targetType?: string | null;
}
