import { createHash } from 'node:crypto';

/** OB 3.0 IdentityObject: how a credential names its learner without an `id`. */
export interface IdentityObject {
  type: 'IdentityObject';
  identityType: string;
  hashed: boolean;
  identityHash: string;
  salt?: string;
}

export const plainIdentity = (identityType: string, value: string): IdentityObject => ({
  type: 'IdentityObject',
  identityType,
  hashed: false,
  identityHash: value,
});

/** `sha256$` + hex SHA-256 of value + salt: a verifier who knows the value can confirm it; the credential does not reveal it. */
export const hashedIdentity = (identityType: string, value: string, salt: string): IdentityObject => ({
  type: 'IdentityObject',
  identityType,
  hashed: true,
  identityHash: `sha256$${createHash('sha256').update(value + salt).digest('hex')}`,
  salt,
});
