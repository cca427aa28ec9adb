import { createHash } from 'node:crypto';
import type { CertificateDocument } from './certificate-document';
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

function achievement(doc: CertificateDocument, urls: CredentialUrls) {
  return {
    id: urls.achievement(doc.issuer.code, digest(`${doc.subjectLabel}\n${doc.title}`).slice(0, 16)),
    type: ['Achievement'],
    achievementType: 'CertificateOfCompletion',
    name: doc.title,
    description: `${doc.subjectLabel}: ${doc.title} (${doc.jp} JP)`,
    criteria: { narrative: `Memenuhi seluruh kriteria kelulusan yang ditetapkan ${doc.issuer.name} untuk ${doc.subjectLabel}.` },
    creditsAvailable: doc.jp,
    inLanguage: 'id',
    alignment: doc.competencies.map((c) => ({
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
    issuer: { id: urls.issuer(doc.issuer.code), type: ['Profile'], name: doc.issuer.name },
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
