import { stripUnsafeCharacters } from '../../core/unsafe-characters';

/** What a certificate is for: a webinar session or a cohort. Its achievement is named after it. */
export interface SubjectRef {
  type: 'SESSION' | 'COHORT';
  id: number;
}

/** Who signs for the issuer; `revision` changes with every change of it, the logo included. */
export interface SignatoryDocument {
  name: string;
  position: string;
  nip: string;
  revision: number;
  logo: { type: 'image/png' | 'image/jpeg'; data: Buffer } | null;
}

export interface CertificateDocument {
  certificateId: number;          // row id; decides the status-list position
  number: string;                 // e.g. 'BPSDM-JATIM/MITK-41/2024/000123'
  verificationCode: string;       // >= 128 random bits, base64url; appears in URLs
  status: 'VALID' | 'REVOKED';
  revokedAt: Date | null;
  revocationReason: string | null;
  title: string;                  // e.g. 'Menuju Indonesia Tanpa Kemiskinan: Kolaborasi untuk Perubahan'
  subject: SubjectRef;
  subjectLabel: string;           // e.g. 'Webinar seri 41' or 'Kurikulum APK-PROBOLINGGO v1'
  activityDate: string;           // 'YYYY-MM-DD' (session date or cohort end)
  jp: number;
  issuedAt: Date;
  holder: { name: string; nip: string | null; email: string | null };
  /** `timeZone`: the issuer's IANA zone, in which the document states its dates. */
  issuer: { code: string; name: string; timeZone: string };
  competencies: { code: string; name: string }[];
  signatory: SignatoryDocument | null;
}
/** How the routes find certificates; the lead's certificates service implements it. */
export interface CertificateDocumentSource {
  findByVerificationCode(code: string): CertificateDocument | null | Promise<CertificateDocument | null>;
  /** certificateIds of revoked certificates (the status list is built from them). */
  revokedCertificateIds(): number[] | Promise<number[]>;
  /** How many certificates are revoked: it grows with every revocation, wherever it was committed. */
  revokedCount(): number | Promise<number>;
  /** The largest certificateId issued, null before the first: no status list lies beyond its list. */
  highestCertificateId(): number | null | Promise<number | null>;
  /** The newest certificate `issuerCode` issued for `subject`: an achievement is public once someone holds it. */
  findLatestForAchievement(issuerCode: string, subject: SubjectRef): CertificateDocument | null | Promise<CertificateDocument | null>;
}

/**
 * The document with every text field fit to print on one line. Inputs are
 * checked when stored, but rows stored before that may still hold NULs or
 * bidirectional overrides, which must not reach a public page or a PDF.
 */
export function forDisplay(doc: CertificateDocument): CertificateDocument {
  const clean = stripUnsafeCharacters;
  return {
    ...doc,
    number: clean(doc.number),
    revocationReason: doc.revocationReason === null ? null : clean(doc.revocationReason),
    title: clean(doc.title),
    subjectLabel: clean(doc.subjectLabel),
    holder: { ...doc.holder, name: clean(doc.holder.name) },
    issuer: { ...doc.issuer, name: clean(doc.issuer.name) },
    competencies: doc.competencies.map((c) => ({ ...c, name: clean(c.name) })),
    signatory: doc.signatory && { ...doc.signatory, name: clean(doc.signatory.name), position: clean(doc.signatory.position) },
  };
}
