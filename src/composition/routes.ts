import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { limitPublicRoutes } from '../http/public-rate-limit';
import { bearerToken } from '../http/server';
import { registerExportRoutes } from '../modules/files/export.routes';
import type { CertificateDocumentSource } from '../modules/credentials/certificate-document';
import { registerCredentialRoutes } from '../modules/credentials/credential.routes';
import type { IdentitySource } from '../modules/credentials/identity-documents';
import { registerIdentityRoutes } from '../modules/credentials/identity.routes';
import { authenticate } from './context';
import type { Services } from './services';

/** Plain HTTP routes that feature modules serve beside GraphQL (public pages, documents, exports). */
export function featureRoutes(config: Config, services: Services, publicStore?: FastifyRateLimitStoreCtor): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    const source: CertificateDocumentSource = {
      findByVerificationCode: (code) => services.certificates.findDocument(code),
      revokedCertificateIds: () => services.certificates.revokedCertificateIds(),
      revokedCount: () => services.certificates.revokedCount(),
      highestCertificateId: () => services.certificates.highestCertificateId(),
      findLatestForAchievement: (issuerCode, subject) => services.certificates.findLatestForAchievement(issuerCode, subject),
    };
    const identities: IdentitySource = {
      findIssuer: async (code) => {
        const row = await services.institutions.findByCode(code);
        return row && row.code === code ? { code: row.code, name: row.name } : null;
      },
      findCompetency: async (code) => {
        const row = (await services.competencies.byCodes([code])).get(code);
        return row ? { code: row.code, name: row.name, description: row.description, group: row.group } : null;
      },
    };
    await registerExportRoutes(app, { exports: services.exports, viewerOf: (request) => authenticate(services, bearerToken(request)) });
    // Token-free routes: one budget per client address, as a verifier never needs more.
    await app.register(async (scope) => {
      await limitPublicRoutes(scope, config.PUBLIC_RATE_LIMIT_PER_MINUTE, publicStore);
      await registerCredentialRoutes(scope, { config, service: services.credentials, source });
      await registerIdentityRoutes(scope, { service: services.credentials, source, identities });
    });
  };
}
