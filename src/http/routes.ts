import type { FastifyInstance } from 'fastify';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { registerCredentialRoutes } from '../modules/credentials/credential.routes';
import type { Services } from '../services';

export interface RouteDeps {
  config: Config;
  db: Database;
  services: Services;
}

/** Plain HTTP routes that feature modules serve beside GraphQL (public pages, documents). */
export async function registerFeatureRoutes(app: FastifyInstance, { config, services }: RouteDeps): Promise<void> {
  const source = {
    findByVerificationCode: (code: string) => services.certificates.findDocument(code),
    revokedCertificateIds: () => services.certificates.revokedCertificateIds(),
  };
  await registerCredentialRoutes(app, { config, service: services.credentials, source });
}
