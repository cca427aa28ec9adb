import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import type { CertificateDocumentSource } from './certificate-document';
import type { CredentialService } from './credential.service';
import { achievementDocument, competencyDocument, profileDocument, type IdentitySource } from './identity-documents';
import { achievementPage, competencyPage, identityNotFoundPage, issuerPage } from './identity-pages';
import { parseAchievementKey } from './open-badge';
import { sendPage } from './public-page';

export interface IdentityRouteDeps {
  service: CredentialService;
  source: Pick<CertificateDocumentSource, 'findLatestForAchievement'>;
  identities: IdentitySource;
}

/** JSON-LD first: a verifier that sends no Accept header (or `*\/*`) gets the document. */
const OFFERED = ['application/ld+json', 'application/json', 'text/html'];

interface Representation {
  json: object;
  html: () => string;
}

/** The document as JSON-LD / JSON, or as a page for a browser; 404 in the same form. */
function answer(request: FastifyRequest, reply: FastifyReply, found: Representation | null) {
  const type = new Negotiator({ headers: request.headers }).mediaType(OFFERED);
  reply.header('vary', 'accept');
  if (!found) return type === 'text/html' ? sendPage(reply, 404, identityNotFoundPage()) : reply.status(404).send({ error: 'Not found' });
  if (!type) return reply.status(406).send({ error: `Not acceptable; offered: ${OFFERED.join(', ')}` });
  if (type === 'text/html') return sendPage(reply, 200, found.html());
  return reply
    .header('content-type', `${type}; charset=utf-8`)
    .header('cache-control', 'public, max-age=300')
    .send(JSON.stringify(found.json));
}

/**
 * What an Open Badges credential names besides itself: the issuer's Profile,
 * the Achievement and the competencies it aligns to, each at the id it carries.
 * Codes longer than Fastify's maxParamLength (100) are refused before here.
 */
export async function registerIdentityRoutes(app: FastifyInstance, { service, source, identities }: IdentityRouteDeps): Promise<void> {
  const { urls } = service;
  const jwks = urls.jwks();

  app.get<{ Params: { code: string } }>('/issuers/:code', async (request, reply) => {
    const issuer = await identities.findIssuer(request.params.code);
    if (!issuer) return answer(request, reply, null);
    const json = profileDocument(issuer, urls);
    return answer(request, reply, { json, html: () => issuerPage(json, jwks) });
  });

  app.get<{ Params: { code: string; key: string } }>('/issuers/:code/achievements/:key', async (request, reply) => {
    const subject = parseAchievementKey(request.params.key);
    const holder = subject ? await source.findLatestForAchievement(request.params.code, subject) : null;
    if (!holder) return answer(request, reply, null);
    // Only the achievement's facts leave the certificate; nothing about its holder.
    const json = achievementDocument(holder, urls);
    return answer(request, reply, { json, html: () => achievementPage(json, jwks) });
  });

  app.get<{ Params: { code: string } }>('/competencies/:code', async (request, reply) => {
    const competency = await identities.findCompetency(request.params.code);
    if (!competency) return answer(request, reply, null);
    const json = competencyDocument(competency, urls);
    return answer(request, reply, { json, html: () => competencyPage(json, jwks) });
  });
}
