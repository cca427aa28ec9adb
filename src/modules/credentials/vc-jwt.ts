import { SignJWT } from 'jose';
import type { SigningKey } from './signing-key';

/** The VC Data Model 2.0 members that have a JWT claim counterpart (OB 3.0 §8.2.4). */
export interface JwtMappedCredential {
  id: string;
  issuer: string | { id: string };
  validFrom: string;
  validUntil?: string;
  credentialSubject: { id?: string; [member: string]: unknown };
}

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * Signs a credential as a VC-JWT in the Open Badges 3.0 "JSON Web Token Proof
 * Format" (§8.2): the payload is the credential itself plus the registered
 * claims that mirror it (iss, jti, nbf, sub, exp), and the JOSE header is
 * exactly alg, kid and typ "JWT" (OB 3.0 allows no other header).
 */
export function signVcJwt(credential: JwtMappedCredential & Record<string, unknown>, key: SigningKey): Promise<string> {
  const issuerId = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
  const claims: Record<string, unknown> = { ...credential, iss: issuerId, jti: credential.id, nbf: seconds(credential.validFrom) };
  if (credential.credentialSubject.id) claims.sub = credential.credentialSubject.id;
  if (credential.validUntil) claims.exp = seconds(credential.validUntil);
  return new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}
