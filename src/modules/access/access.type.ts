import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import type { ApiTokenRow } from '../../db/schema';
import { Node } from '../../graphql/node';
import { Payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';

export enum Role {
  SUPERADMIN = 'SUPERADMIN',
  INSTITUTION_ADMIN = 'INSTITUTION_ADMIN',
  SYNC_CLIENT = 'SYNC_CLIENT',
  LEARNER = 'LEARNER',
}
registerEnumType(Role, {
  name: 'Role',
  description:
    'SUPERADMIN: everything. INSTITUTION_ADMIN: its institution and all below. SYNC_CLIENT: curricula and frameworks its institution owns. LEARNER: one NIP.',
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

  institutionId!: number | null;
  learnerId!: number | null;
}

@ObjectType({ description: 'The caller, as its token identifies it' })
export class Viewer {
  @Field(() => Role)
  role!: ApiTokenRow['role'];

  @Field(() => String, { description: "The token's name" })
  name!: string;

  institutionId!: number | null;
  learnerId!: number | null;
}

@InputType()
export class CreateApiTokenInput {
  @Field(() => String, { description: 'Who or what uses it, e.g. "BPSDM Jatim admin portal"' })
  name!: string;

  @Field(() => Role)
  role!: Role;

  @Field(() => String, { nullable: true, description: 'Required for INSTITUTION_ADMIN and SYNC_CLIENT' })
  institutionCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for LEARNER' })
  nip?: string | null;
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
