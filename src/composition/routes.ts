import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import { registerCredentialRoutes } from '../modules/credentials/credential.routes';
import type { Services } from './services';

/** Plain HTTP routes that feature modules serve beside GraphQL (public pages, documents). */
export function featureRoutes(config: Config, services: Services): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    const source = {
      findByVerificationCode: (code: string) => services.certificates.findDocument(code),
      revokedCertificateIds: () => services.certificates.revokedCertificateIds(),
    };
    await registerCredentialRoutes(app, { config, service: services.credentials, source });
  };
}
