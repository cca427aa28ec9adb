import { DEFAULT_PDF_CACHE_MB, type Config } from '../../config';
import type { CertificateDocument } from './certificate-document';
import { renderCertificatePdf } from './certificate-pdf';
import { CredentialUrls } from './credential-urls';
import { openBadgeCredential } from './open-badge';
import { PdfCache } from './pdf-cache';
import { loadSigningKeys, type PublicJwk, type SigningKeys } from './signing-key';
import { statusListCredential } from './status-list-credential';
import { StatusListCache } from './status-list-cache';
import { signVcJwt } from './vc-jwt';

export type CredentialConfig = Pick<Config, 'publicBaseUrl' | 'databasePath' | 'SIGNING_KEY'> & Partial<Pick<Config, 'PDF_CACHE_MB'>>;

export type PdfRenderer = typeof renderCertificatePdf;

export interface CredentialOptions {
  /** Renders the PDF; tests wrap it to count renderings. */
  renderPdf?: PdfRenderer;
  now?: () => Date;
}

/** 64 lists hold 8.4 million certificates; only lists that can exist are asked for. */
const STATUS_LISTS_KEPT = 64;

/** Turns certificates into documents a third party can check: signed credentials, status lists, PDFs. */
export class CredentialService {
  readonly urls: CredentialUrls;
  private readonly keys: SigningKeys;
  private readonly statusLists = new StatusListCache(STATUS_LISTS_KEPT);
  private readonly pdfs: PdfCache;
  private readonly renderPdf: PdfRenderer;
  private readonly now: () => Date;

  constructor(config: CredentialConfig, options: CredentialOptions = {}) {
    this.urls = new CredentialUrls(config.publicBaseUrl);
    this.keys = loadSigningKeys({ signingKey: config.SIGNING_KEY, databasePath: config.databasePath });
    this.pdfs = new PdfCache((config.PDF_CACHE_MB ?? DEFAULT_PDF_CACHE_MB) * 1024 * 1024);
    this.renderPdf = options.renderPdf ?? renderCertificatePdf;
    this.now = options.now ?? (() => new Date());
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
  statusListFor(list: number, revokedCertificateIds: Iterable<number>, now = this.now()): Promise<string> {
    return signVcJwt(statusListCredential(list, revokedCertificateIds, this.urls, now), this.keys.current);
  }

  /** Status list `list`, signed once per `revocations` (how many certificates are revoked) and served until it changes. */
  cachedStatusList(list: number, revocations: number, revokedCertificateIds: () => Iterable<number> | Promise<Iterable<number>>): Promise<string> {
    return this.statusLists.get(list, revocations, async () => this.statusListFor(list, await revokedCertificateIds()));
  }

  /** The printable certificate, rendered once per version of the certificate. */
  pdfFor(doc: CertificateDocument): Promise<Buffer> {
    return this.pdfs.get(doc, () => this.renderPdf(doc, this.verificationUrl(doc.verificationCode)));
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
