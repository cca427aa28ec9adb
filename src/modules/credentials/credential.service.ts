import type { Config } from '../../config';
import type { CertificateDocument } from './certificate-document';
import { renderCertificatePdf } from './certificate-pdf';
import { CredentialUrls } from './credential-urls';
import { openBadgeCredential } from './open-badge';
import { loadSigningKeys, type PublicJwk, type SigningKeys } from './signing-key';
import { statusListCredential } from './status-list-credential';
import { signVcJwt } from './vc-jwt';

export type CredentialConfig = Pick<Config, 'publicBaseUrl' | 'databasePath' | 'SIGNING_KEY'>;

/** Turns certificates into documents a third party can check: signed credentials, status lists, PDFs. */
export class CredentialService {
  readonly urls: CredentialUrls;
  private readonly keys: SigningKeys;

  constructor(config: CredentialConfig) {
    this.urls = new CredentialUrls(config.publicBaseUrl);
    this.keys = loadSigningKeys({ signingKey: config.SIGNING_KEY, databasePath: config.databasePath });
  }

  verificationUrl(verificationCode: string): string {
    return this.urls.verification(verificationCode);
  }

  pdfUrl(verificationCode: string): string {
    return this.urls.pdf(verificationCode);
  }

  /** The certificate as a signed Open Badges 3.0 VC-JWT. */
  credentialFor(doc: CertificateDocument): Promise<string> {
    return signVcJwt(openBadgeCredential(doc, this.urls), this.keys.current);
  }

  /** Status list `list` as a signed VC-JWT, built from the ids of every revoked certificate. */
  statusListFor(list: number, revokedCertificateIds: Iterable<number>, now = new Date()): Promise<string> {
    return signVcJwt(statusListCredential(list, revokedCertificateIds, this.urls, now), this.keys.current);
  }

  pdfFor(doc: CertificateDocument): Promise<Buffer> {
    return renderCertificatePdf(doc, this.verificationUrl(doc.verificationCode));
  }

  /** Public keys only: the current one first, then earlier ones still trusted. */
  jwks(): { keys: PublicJwk[] } {
    return { keys: this.keys.published.map((k) => ({ ...k })) };
  }

  /** A did:web document listing the same keys, for verifiers that resolve DIDs. */
  didDocument() {
    const id = this.urls.did();
    const methods = this.keys.published.map((k) => ({ id: `${id}#${k.kid}`, type: 'JsonWebKey', controller: id, publicKeyJwk: { ...k } }));
    return {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/jwk/v1'],
      id,
      verificationMethod: methods,
      assertionMethod: methods.map((m) => m.id),
    };
  }
}
