/** Every public address this module mints, under PUBLIC_BASE_URL. */
export class CredentialUrls {
  constructor(readonly base: string) {}

  verification(code: string) {
    return `${this.base}/certificates/${encodeURIComponent(code)}`;
  }

  pdf(code: string) {
    return `${this.verification(code)}.pdf`;
  }

  issuer(code: string) {
    return `${this.base}/issuers/${encodeURIComponent(code)}`;
  }

  achievement(issuerCode: string, key: string) {
    return `${this.issuer(issuerCode)}/achievements/${key}`;
  }

  competency(code: string) {
    return `${this.base}/competencies/${encodeURIComponent(code)}`;
  }

  statusList(list: number) {
    return `${this.base}/credentials/status/${list}`;
  }

  jwks() {
    return `${this.base}/.well-known/jwks.json`;
  }

  /** did:web of the host (port percent-encoded, path segments joined by ':'), per the did:web method. */
  did() {
    const url = new URL(this.base);
    const path = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
    return ['did:web', encodeURIComponent(url.host), ...path].join(':');
  }
}
