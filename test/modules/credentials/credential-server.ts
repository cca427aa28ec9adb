import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { CertificateDocument, SubjectRef } from '../../../src/modules/credentials/certificate-document';
import { registerCredentialRoutes } from '../../../src/modules/credentials/credential.routes';
import { CredentialService, type CredentialOptions } from '../../../src/modules/credentials/credential.service';
import type { IdentitySource } from '../../../src/modules/credentials/identity-documents';
import { registerIdentityRoutes } from '../../../src/modules/credentials/identity.routes';

export const newCode = () => randomBytes(16).toString('base64url');

/** A certificate as the lead's certificates service would describe it. */
export function fixture(overrides: Partial<CertificateDocument> = {}): CertificateDocument {
  return {
    certificateId: 41,
    number: 'BPSDM-JATIM/MITK-41/2024/000123',
    verificationCode: newCode(),
    status: 'VALID',
    revokedAt: null,
    revocationReason: null,
    title: 'Menuju Indonesia Tanpa Kemiskinan: Kolaborasi untuk Perubahan',
    subject: { type: 'SESSION', id: 41 },
    subjectLabel: 'Webinar seri 41',
    activityDate: '2024-10-24',
    jp: 2,
    issuedAt: new Date('2024-10-25T03:00:00Z'),
    holder: { name: 'Siti Rahmawati', nip: '198703152010012003', email: 'Siti.Rahmawati@example.go.id' },
    issuer: { code: 'BPSDM-JATIM', name: 'BPSDM Provinsi Jawa Timur', timeZone: 'Asia/Jakarta' },
    competencies: [
      { code: 'MK-KOLAB', name: 'Kolaborasi' },
      { code: 'TK-KEMISKINAN', name: 'Penanggulangan Kemiskinan' },
    ],
    signatory: null,
    ...overrides,
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

export interface CredentialServer {
  base: string;
  service: CredentialService;
  /** The in-test certificate source, by verification code. */
  certificates: Map<string, CertificateDocument>;
  add(doc: CertificateDocument): CertificateDocument;
  revoke(doc: CertificateDocument, reason: string): void;
  close(): Promise<void>;
}

/** The credential routes on their own Fastify server, backed by a Map, with a key generated into a temp data dir. */
export async function startCredentialServer(env: { SIGNING_KEY?: string; PDF_CACHE_MB?: number } = {}, options: CredentialOptions = {}): Promise<CredentialServer> {
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-credentials-'));
  const base = `http://127.0.0.1:${await freePort()}`;
  const config = { publicBaseUrl: base, databasePath: join(dir, 'test.sqlite'), ...env };
  const service = new CredentialService(config, options);
  const certificates = new Map<string, CertificateDocument>();
  const source = {
    findByVerificationCode: (code: string) => certificates.get(code) ?? null,
    revokedCertificateIds: async () => [...certificates.values()].filter((c) => c.status === 'REVOKED').map((c) => c.certificateId),
    revokedCount: () => [...certificates.values()].filter((c) => c.status === 'REVOKED').length,
    highestCertificateId: () => (certificates.size ? Math.max(...[...certificates.values()].map((c) => c.certificateId)) : null),
    findLatestForAchievement: (issuerCode: string, subject: SubjectRef) =>
      [...certificates.values()]
        .filter((c) => c.issuer.code === issuerCode && c.subject.type === subject.type && c.subject.id === subject.id)
        .sort((a, b) => b.certificateId - a.certificateId)[0] ?? null,
  };
  const documents = () => [...certificates.values()];
  const identities: IdentitySource = {
    findIssuer: (code) => documents().find((c) => c.issuer.code === code)?.issuer ?? null,
    findCompetency: (code) => {
      const competency = documents().flatMap((c) => c.competencies).find((c) => c.code === code);
      return competency ? { ...competency, description: null, group: 'TECHNICAL' } : null;
    },
  };
  const app = Fastify();
  await registerCredentialRoutes(app, { config, service, source });
  await registerIdentityRoutes(app, { service, source, identities });
  await app.listen({ port: Number(new URL(base).port), host: '127.0.0.1' });
  return {
    base,
    service,
    certificates,
    add(doc) {
      certificates.set(doc.verificationCode, doc);
      return doc;
    },
    revoke(doc, reason) {
      certificates.set(doc.verificationCode, { ...doc, status: 'REVOKED', revokedAt: new Date('2025-01-10T02:00:00Z'), revocationReason: reason });
    },
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
