import { Field, ID, InputType, ObjectType } from 'type-graphql';
import type { IdentityProviderRow } from '../../db/schema';
import { Connection } from '../../graphql/connection';
import { Node } from '../../graphql/node';
import { Payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';

@ObjectType({ implements: Node, description: "An institution's OpenID Connect provider: its ID tokens sign the institution's learners in" })
export class IdentityProvider extends Node {
  @Field(() => String, { description: 'Shown as viewer.authenticatedBy, e.g. "SSO Jatim"' })
  name!: string;

  @Field(() => String, { description: 'The exact iss of its tokens; discovery starts at <issuer>/.well-known/openid-configuration' })
  issuer!: string;

  @Field(() => String, { description: 'What its tokens must carry in aud: the client id it gave Bangkom' })
  audience!: string;

  @Field(() => String, { description: 'The claim that carries the NIP' })
  nipClaim!: string;

  @Field(() => String, { description: 'The claim that carries the e-mail, read only when email_verified is true' })
  emailClaim!: string;

  @Field(() => Boolean, { description: 'Whether an unknown person is created in the institution on first sign-in' })
  createLearners!: boolean;

  @Field(() => Boolean, { description: "Inactive: its tokens are refused at once" })
  active!: boolean;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Last sign-in through it, recorded to the minute' })
  lastSignInAt!: Date | null;

  institutionId!: number;
}

@ObjectType()
export class IdentityProviderConnection extends Connection(IdentityProvider) {}

@InputType()
export class RegisterIdentityProviderInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'https URL (http only with OIDC_ALLOW_HTTP_ISSUERS=true), exactly as its tokens\' iss' })
  issuer!: string;

  @Field(() => String)
  audience!: string;

  @Field(() => String, { description: 'The institution whose learners (and those of the institutions below it) sign in through it' })
  institutionCode!: string;

  @Field(() => String, { nullable: true, description: 'Default "nip"' })
  nipClaim?: string | null;

  @Field(() => String, { nullable: true, description: 'Default "email"' })
  emailClaim?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Default false' })
  createLearners?: boolean | null;
}

@InputType()
export class SetIdentityProviderActiveInput {
  @Field(() => ID)
  id!: string;

  @Field(() => Boolean)
  active!: boolean;
}

@ObjectType()
abstract class IdentityProviderPayload extends Payload {
  @Field(() => IdentityProvider, { nullable: true })
  identityProvider?: IdentityProviderRow | null;
}

@ObjectType()
export class RegisterIdentityProviderPayload extends IdentityProviderPayload {}

@ObjectType()
export class SetIdentityProviderActivePayload extends IdentityProviderPayload {}
