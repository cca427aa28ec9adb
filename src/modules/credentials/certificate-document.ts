/** What a certificate is for: a webinar session or a cohort. Its achievement is named after it. */
export interface SubjectRef {
  type: 'SESSION' | 'COHORT';
  id: number;
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
  issuer: { code: string; name: string };
  competencies: { code: string; name: string }[];
}
/** How the routes find certificates; the lead's certificates service implements it. */
export interface CertificateDocumentSource {
  findByVerificationCode(code: string): CertificateDocument | null | Promise<CertificateDocument | null>;
  /** certificateIds of revoked certificates (the status list is built from them). */
  revokedCertificateIds(): number[] | Promise<number[]>;
  /** The largest certificateId issued, null before the first: no status list lies beyond its list. */
  highestCertificateId(): number | null | Promise<number | null>;
  /** The newest certificate `issuerCode` issued for `subject`: an achievement is public once someone holds it. */
  findLatestForAchievement(issuerCode: string, subject: SubjectRef): CertificateDocument | null | Promise<CertificateDocument | null>;
}
