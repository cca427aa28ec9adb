import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config';
import type { CertificateDocumentSource } from './certificate-document';
import type { CredentialService } from './credential.service';
import { statusPosition } from './status-list';
import { STATUS_LIST_TTL_SECONDS } from './status-list-credential';
import { sendPage } from './public-page';
import { notFoundPage, verificationPage } from './verification-page';

export interface CredentialRouteDeps {
  config: Pick<Config, 'publicBaseUrl'>;
  service: CredentialService;
  source: CertificateDocumentSource;
}

/** Codes are base64url; anything else cannot name a certificate and never reaches the source. */
const CODE = /^[A-Za-z0-9_-]{16,128}$/;

/** Public, token-free routes: verification page, PDF, status lists and the issuer's keys. */
export async function registerCredentialRoutes(app: FastifyInstance, { service, source }: CredentialRouteDeps): Promise<void> {
  const find = async (code: string) => (CODE.test(code) ? source.findByVerificationCode(code) : null);

  app.get<{ Params: { code: string } }>('/certificates/:code.pdf', async (request, reply) => {
    const cert = await find(request.params.code);
    if (!cert) return sendPage(reply, 404, notFoundPage());
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="sertifikat-${cert.verificationCode}.pdf"`)
      .header('cache-control', 'no-cache')
      .send(await service.pdfFor(cert));
  });

  app.get<{ Params: { code: string } }>('/certificates/:code', async (request, reply) => {
    const cert = await find(request.params.code);
    if (!cert) return sendPage(reply, 404, notFoundPage());
    return sendPage(reply, 200, verificationPage(cert, { pdf: service.pdfUrl(cert.verificationCode), jwks: service.urls.jwks() }));
  });

  /** Lists 1 up to the one holding the newest certificate exist; no other list could name a certificate. */
  const statusListExists = async (list: number) => {
    const highest = await source.highestCertificateId();
    return highest !== null && list <= statusPosition(highest).list;
  };

  app.get<{ Params: { list: string } }>('/credentials/status/:list', async (request, reply) => {
    const list = /^[1-9][0-9]{0,6}$/.test(request.params.list) ? Number(request.params.list) : 0;
    if (list < 1 || !(await statusListExists(list))) return reply.status(404).send({ error: 'No such status list' });
    const jwt = await service.cachedStatusList(list, await source.revokedCount(), () => source.revokedCertificateIds());
    return reply
      .header('content-type', 'application/vc+jwt')
      .header('cache-control', `public, max-age=${STATUS_LIST_TTL_SECONDS}`)
      .send(jwt);
  });

  app.get('/.well-known/jwks.json', async (_request, reply) =>
    reply.header('content-type', 'application/jwk-set+json').header('cache-control', 'public, max-age=3600').send(service.jwks()),
  );

  app.get('/.well-known/did.json', async (_request, reply) =>
    reply.header('content-type', 'application/did+json').header('cache-control', 'public, max-age=3600').send(service.didDocument()),
  );
}
