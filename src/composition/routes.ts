import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { limitPublicRoutes } from '../http/public-rate-limit';
import { registerCredentialRoutes } from '../modules/credentials/credential.routes';
import type { Services } from './services';

/** Plain HTTP routes that feature modules serve beside GraphQL (public pages, documents). */
export function featureRoutes(config: Config, services: Services): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    const source = {
      findByVerificationCode: (code: string) => services.certificates.findDocument(code),
      revokedCertificateIds: () => services.certificates.revokedCertificateIds(),
      highestCertificateId: () => services.certificates.highestCertificateId(),
    };
    // Token-free routes: one budget per client address, as a verifier never needs more.
    await app.register(async (scope) => {
      await limitPublicRoutes(scope, config.PUBLIC_RATE_LIMIT_PER_MINUTE);
      await registerCredentialRoutes(scope, { config, service: services.credentials, source });
    });
  };
}
