import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Viewer } from '../../auth/viewer';
import { AppError, ErrorCode } from '../../core/errors';
import { parseGlobalId } from '../../graphql/node';
import type { ExportService, ExportTable } from './export.service';
import { EXPORT_CONTENT_TYPES, tableStream, type ExportFormat } from './table-stream';

export interface ExportRouteDeps {
  /** The request's viewer, from its bearer token (anonymous without one). */
  viewerOf: (request: FastifyRequest) => Viewer | Promise<Viewer>;
  exports: ExportService;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.SERVER_BUSY]: 503,
  [ErrorCode.DATABASE_BUSY]: 503,
};

/** Both 503s are brief: the client may try again at once. */
const RETRY_AFTER_SECONDS = 1;

const FORMATS: readonly ExportFormat[] = ['csv', 'xlsx'];
const YEAR = /^[0-9]{4}$/;

/** The row id a URL's global id names, or 404 when it names no object of that type. */
function rowId(globalId: string, typename: string): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.typename !== typename) throw new AppError(ErrorCode.NOT_FOUND, `${typename} not found`);
  return parsed.id;
}

function yearOf(query: unknown): number {
  const year = (query as { year?: unknown }).year;
  if (typeof year !== 'string' || !YEAR.test(year)) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Give ?year=YYYY');
  return Number(year);
}

/**
 * `GET /exports/...`: the lists an admin takes away as `.csv` (UTF-8 with BOM)
 * or `.xlsx`, with the same bearer token as GraphQL. The service decides
 * access and audits; this only maps URLs in and refusals out (401, 403, 404).
 */
export async function registerExportRoutes(app: FastifyInstance, { viewerOf, exports }: ExportRouteDeps): Promise<void> {
  const route = <P extends Record<string, string>>(path: string, table: (viewer: Viewer, params: P, query: unknown) => Promise<ExportTable>) => {
    for (const format of FORMATS) {
      app.get<{ Params: P }>(`${path}.${format}`, async (request, reply) => {
        try {
          const viewer = await viewerOf(request);
          if (!viewer.authenticated) throw new AppError(ErrorCode.UNAUTHENTICATED, 'A valid API token or ID token is required (Authorization: Bearer <token>)');
          return send(reply, format, await table(viewer, request.params as P, request.query));
        } catch (e) {
          if (!(e instanceof AppError) || STATUS[e.code] === undefined) throw e;
          if (STATUS[e.code] === 503) reply.header('retry-after', String(RETRY_AFTER_SECONDS));
          return reply.status(STATUS[e.code]!).send({ errors: [{ message: e.message, extensions: { code: e.code } }] });
        }
      });
    }
  };

  route<{ sessionId: string }>('/exports/sessions/:sessionId/attendance', (v, p) => exports.sessionAttendance(v, rowId(p.sessionId, 'WebinarSession')));
  route<{ sessionId: string }>('/exports/sessions/:sessionId/eligibility', (v, p) => exports.eligibilityOf(v, 'SESSION', rowId(p.sessionId, 'WebinarSession')));
  route<{ cohortId: string }>('/exports/cohorts/:cohortId/eligibility', (v, p) => exports.eligibilityOf(v, 'COHORT', rowId(p.cohortId, 'Cohort')));
  route('/exports/certificates', (v, _p, q) => {
    const issuer = (q as { issuer?: unknown }).issuer;
    if (typeof issuer !== 'string' || !issuer) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Give ?issuer=<institution code>');
    return exports.certificates(v, issuer, yearOf(q));
  });
  route<{ code: string }>('/exports/institutions/:code/learning-hours', (v, p, q) => exports.learningHours(v, p.code, yearOf(q)));
}

function send(reply: FastifyReply, format: ExportFormat, table: ExportTable) {
  const file = `${table.name.replace(/[^A-Za-z0-9._-]+/g, '_')}.${format}`;
  return reply
    .header('content-type', EXPORT_CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${file}"`)
    .header('cache-control', 'no-store')
    .send(tableStream(format, table.sheet, table.header, table.pages));
}
