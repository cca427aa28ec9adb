import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { ApiTokenRow } from '../../db/schema';
import { Connection } from '../../graphql/connection';
import { Node } from '../../graphql/node';
import { Payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';

export enum Role {
  SUPERADMIN = 'SUPERADMIN',
  INSTITUTION_ADMIN = 'INSTITUTION_ADMIN',
  SYNC_CLIENT = 'SYNC_CLIENT',
  LEARNER = 'LEARNER',
  EVENT_READER = 'EVENT_READER',
}
registerEnumType(Role, {
  name: 'Role',
  description:
    'SUPERADMIN: everything. INSTITUTION_ADMIN: its institution and all below. SYNC_CLIENT: curricula and frameworks its institution owns. LEARNER: one NIP. EVENT_READER: reads the events of its institution and all below, and writes nothing.',
});

@ObjectType({ implements: Node, description: 'A named API token; its secret is shown once, when created' })
export class ApiToken extends Node {
  @Field(() => String)
  name!: string;

  @Field(() => Role)
  role!: ApiTokenRow['role'];

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'After it the token is refused; null: until revoked' })
  expiresAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Last use, recorded to the minute' })
  lastUsedAt!: Date | null;

  institutionId!: number | null;
  learnerId!: number | null;
}

@ObjectType({ description: 'The caller, as its token identifies it' })
export class Viewer {
  @Field(() => Role)
  role!: ApiTokenRow['role'];

  @Field(() => String, { description: "The token's name, or the identity provider and the learner's NIP or e-mail" })
  name!: string;

  @Field(() => String, { description: 'How the caller signed in: API_TOKEN, or the name of the identity provider' })
  authenticatedBy!: string;

  institutionId!: number | null;
  learnerId!: number | null;
}

@InputType()
export class CreateApiTokenInput {
  @Field(() => String, { description: 'Who or what uses it, e.g. "BPSDM Jatim admin portal"' })
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Required for INSTITUTION_ADMIN, SYNC_CLIENT and EVENT_READER' })
  institutionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'For LEARNER: the learner’s NIP' })
  nip?: string | null;

  @Field(() => String, { nullable: true, description: 'For LEARNER without a NIP (NON_ASN): their e-mail' })
  email?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'After it the token is refused; omitted: valid until revoked' })
  expiresAt?: string | null;
}

@ObjectType()
export class ApiTokenConnection extends Connection(ApiToken) {}

@InputType()
export class ApiTokenFilter {
  @Field(() => String, { nullable: true, description: "Tokens of this institution's subtree" })
  institutionCode?: string | null;

  @Field(() => Role, { nullable: true })
  role?: Role | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Revoked tokens too' })
  includeRevoked?: boolean | null;
}

@ObjectType()
export class CreateApiTokenPayload extends Payload {
  @Field(() => String, { nullable: true, description: 'The secret: shown only in this response, stored only as a hash' })
  token?: string | null;

  @Field(() => ApiToken, { nullable: true })
  apiToken?: ApiTokenRow | null;
}

@ObjectType()
export class RevokeApiTokenPayload extends Payload {
  @Field(() => ApiToken, { nullable: true })
  apiToken?: ApiTokenRow | null;
}
