import { createHash } from 'node:crypto';
import type { CertificateDocument, SubjectRef } from './certificate-document';
import type { CredentialUrls } from './credential-urls';
import { hashedIdentity, plainIdentity } from './identity-object';
import { statusPosition } from './status-list';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';

const digest = (text: string) => createHash('sha256').update(text).digest('base64url');

/**
 * The salt is published in the credential (as OB 3.0 requires), so it only has
 * to differ per certificate; deriving it keeps a certificate's credential
 * byte-identical on every request.
 */
const identitySalt = (doc: CertificateDocument) => digest(`bangkom/identity-salt/${doc.verificationCode}`).slice(0, 22);

function learnerIdentifiers(doc: CertificateDocument) {
  const salt = identitySalt(doc);
  return [
    plainIdentity('name', doc.holder.name),
    ...(doc.holder.nip ? [hashedIdentity('ext:NIP', doc.holder.nip, salt)] : []),
    ...(doc.holder.email ? [hashedIdentity('emailAddress', doc.holder.email.trim().toLowerCase(), salt)] : []),
  ];
}

/** What an achievement is made of; a certificate document carries all of it. */
export type AchievementFacts = Pick<CertificateDocument, 'issuer' | 'subject' | 'title' | 'subjectLabel' | 'jp' | 'competencies'>;

/** One achievement per session or cohort, under the issuer that certifies it. */
export const achievementKey = (subject: SubjectRef) => `${subject.type.toLowerCase()}-${subject.id}`;

/** `session-41` -> { type: 'SESSION', id: 41 }; anything else is no key. */
export function parseAchievementKey(key: string): SubjectRef | null {
  const match = /^(session|cohort)-([1-9][0-9]{0,14})$/.exec(key);
  return match ? { type: match[1] === 'session' ? 'SESSION' : 'COHORT', id: Number(match[2]) } : null;
}

/** The issuer as a credential or an achievement names it; the full Profile is served at its id. */
export const issuerReference = (issuer: { code: string; name: string }, urls: CredentialUrls) => ({
  id: urls.issuer(issuer.code),
  type: ['Profile'],
  name: issuer.name,
});

/** OB 3.0 Achievement (required: id, type, name, description, criteria), embedded and served at its id alike. */
export function achievement(facts: AchievementFacts, urls: CredentialUrls) {
  return {
    id: urls.achievement(facts.issuer.code, achievementKey(facts.subject)),
    type: ['Achievement'],
    achievementType: 'CertificateOfCompletion',
    name: facts.title,
    description: `${facts.subjectLabel}: ${facts.title} (${facts.jp} JP)`,
    criteria: { narrative: `Memenuhi seluruh kriteria kelulusan yang ditetapkan ${facts.issuer.name} untuk ${facts.subjectLabel}.` },
    creditsAvailable: facts.jp,
    inLanguage: 'id',
    creator: issuerReference(facts.issuer, urls),
    alignment: facts.competencies.map((c) => ({
      type: ['Alignment'],
      targetType: 'ceasn:Competency',
      targetCode: c.code,
      targetName: c.name,
      targetUrl: urls.competency(c.code),
    })),
  };
}

/** The certificate as an Open Badges 3.0 OpenBadgeCredential (VC Data Model 2.0), unsigned. */
export function openBadgeCredential(doc: CertificateDocument, urls: CredentialUrls) {
  const { list, index } = statusPosition(doc.certificateId);
  const statusListCredential = urls.statusList(list);
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: urls.verification(doc.verificationCode),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: doc.title,
    issuer: issuerReference(doc.issuer, urls),
    validFrom: doc.issuedAt.toISOString(),
    awardedDate: doc.issuedAt.toISOString(),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: learnerIdentifiers(doc),
      achievement: achievement(doc, urls),
      creditsEarned: doc.jp,
    },
    credentialStatus: {
      id: `${statusListCredential}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(index),
      statusListCredential,
    },
  };
}

export type OpenBadgeCredential = ReturnType<typeof openBadgeCredential>;
