import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM } from '../../src/auth/viewer';
import type { Database } from '../../src/db/database';
import type { Services } from '../../src/composition/services';
import { loadContractOperations } from '../contract-operations';
import { REPO_ROOT } from './paths';

const { op } = loadContractOperations();

/** Who sends an operation: a learner's own token, a SUPERADMIN token, or nobody. */
export type Caller = 'learner' | 'admin' | 'anonymous';

export interface HotOperation {
  name: string;
  caller: Caller;
  variables: Record<string, unknown>;
  /** The document, with its fragments. */
  query: string;
}

/** Rows of a data set that the hot queries look at: a busy learner, a session, a certificate, a regency. */
export interface HotTargets {
  nip: string;
  year: number;
  seriesCode: string;
  sessionNumber: number;
  verificationCode: string;
  institutionCode: string;
}

/** Picks targets from any data set that has an enrolled learner holding a certificate (seed:scale builds one). */
export function sampleTargets(db: Database): HotTargets {
  const raw = db.readRaw;
  const learner = raw
    .prepare(
      `SELECT l.nip, i.code AS institutionCode, c.activity_year AS year, c.verification_code AS verificationCode
       FROM enrollments e JOIN learners l ON l.id = e.learner_id JOIN institutions i ON i.id = l.institution_id
       JOIN certificates c ON c.learner_id = l.id AND c.status = 'VALID'
       WHERE l.nip IS NOT NULL ORDER BY e.learner_id LIMIT 1`,
    )
    .get() as { nip: string; institutionCode: string; year: number; verificationCode: string } | undefined;
  if (!learner) throw new Error('The data set has no enrolled learner with a certificate: run npm run seed:scale');
  const session = raw
    .prepare(
      `SELECT s.code AS seriesCode, ws.number AS sessionNumber FROM webinar_sessions ws JOIN webinar_series s ON s.id = ws.series_id
       WHERE ws.certificate_rule_code IS NOT NULL ORDER BY ws.id LIMIT 1`,
    )
    .get() as { seriesCode: string; sessionNumber: number };
  return { ...learner, ...session };
}

/** The learner-facing and admin hot queries of the issue, with variables for the targets. */
export function hotOperations(t: HotTargets): HotOperation[] {
  const list: Omit<HotOperation, 'query'>[] = [
    { name: 'MyProgress', caller: 'learner', variables: { year: t.year } },
    { name: 'MyCertificates', caller: 'learner', variables: { year: t.year } },
    { name: 'LearnerProgress', caller: 'admin', variables: { nip: t.nip, year: t.year } },
    // The portal asks for sessions from a date on (upcoming ones): the start of the year here, so the page is not empty.
    { name: 'Catalog', caller: 'anonymous', variables: { competencyCode: 'M.04', from: `${t.year}-01-01T00:00:00+07:00` } },
    { name: 'SessionEligibility', caller: 'admin', variables: { seriesCode: t.seriesCode, number: t.sessionNumber, first: 100 } },
    { name: 'InstitutionDashboard', caller: 'admin', variables: { code: t.institutionCode, year: t.year } },
    { name: 'CurriculumChanges', caller: 'admin', variables: { first: 100 } },
    { name: 'Events', caller: 'admin', variables: { first: 100 } },
    { name: 'VerifyCertificate', caller: 'anonymous', variables: { code: t.verificationCode } },
  ];
  return list.map((o) => ({ ...o, query: op(o.name) }));
}

/** What the admin console's lists look at in a data set: the target learner's name, a cohort, the session. */
export interface BrowseTargets extends HotTargets {
  learnerName: string;
  learnerEmail: string | null;
  cohortCode: string;
  sessionId: string;
  /** A learner with competency assessments. */
  assessedNip: string;
}

export function sampleBrowseTargets(db: Database): BrowseTargets {
  const t = sampleTargets(db);
  const raw = db.readRaw;
  const learner = raw.prepare('SELECT name, email FROM learners WHERE nip = ?').get(t.nip) as { name: string; email: string | null };
  const cohort = raw.prepare('SELECT code FROM cohorts ORDER BY id LIMIT 1').get() as { code: string };
  const session = raw
    .prepare('SELECT ws.id FROM webinar_sessions ws JOIN webinar_series s ON s.id = ws.series_id WHERE s.code = ? AND ws.number = ?')
    .get(t.seriesCode, t.sessionNumber) as { id: number };
  const assessed = raw.prepare('SELECT l.nip FROM competency_assessments a JOIN learners l ON l.id = a.learner_id WHERE l.nip IS NOT NULL ORDER BY a.id LIMIT 1').get() as { nip: string };
  return { ...t, assessedNip: assessed.nip, learnerName: learner.name, learnerEmail: learner.email, cohortCode: cohort.code, sessionId: Buffer.from(`WebinarSession:${session.id}`).toString('base64url') };
}

/**
 * The admin console's lists (contract Browse.graphql) as a SUPERADMIN: the
 * learner search with a rare and a common part of a name, a NIP prefix and
 * a part of an e-mail, then the other lists on the sampled targets.
 */
export function browseOperations(t: BrowseTargets): HotOperation[] {
  const words = t.learnerName.split(/\s+/);
  const common = [...words].sort((a, b) => b.length - a.length).find((w) => !/\d/.test(w)) ?? words[0];
  const list: (Omit<HotOperation, 'query'> & { operation: string })[] = [
    { name: 'FindLearners: full name', operation: 'FindLearners', caller: 'admin', variables: { search: t.learnerName } },
    { name: 'FindLearners: common name', operation: 'FindLearners', caller: 'admin', variables: { search: common.toLowerCase() } },
    { name: 'FindLearners: NIP prefix', operation: 'FindLearners', caller: 'admin', variables: { search: t.nip.slice(0, 14) } },
    ...(t.learnerEmail ? [{ name: 'FindLearners: e-mail part', operation: 'FindLearners', caller: 'admin' as const, variables: { search: t.learnerEmail.split('@')[0] } }] : []),
    { name: 'FindLearners: in institution', operation: 'FindLearners', caller: 'admin', variables: { institutionCode: t.institutionCode } },
    { name: 'WebinarSeriesList', operation: 'WebinarSeriesList', caller: 'admin', variables: { first: 20 } },
    { name: 'SessionAdmin', operation: 'SessionAdmin', caller: 'admin', variables: { seriesCode: t.seriesCode, number: t.sessionNumber } },
    { name: 'InstitutionAdmin', operation: 'InstitutionAdmin', caller: 'admin', variables: { code: t.institutionCode } },
    { name: 'CohortMembers', operation: 'CohortMembers', caller: 'admin', variables: { code: t.cohortCode } },
    { name: 'CertificatesIssued: session', operation: 'CertificatesIssued', caller: 'admin', variables: { filter: { sessionId: t.sessionId } } },
    { name: 'CertificatesIssued: holder', operation: 'CertificatesIssued', caller: 'admin', variables: { filter: { search: t.learnerName } } },
    { name: 'CertificateRules', operation: 'CertificateRules', caller: 'admin', variables: {} },
    { name: 'Positions', operation: 'Positions', caller: 'admin', variables: {} },
    { name: 'CompetencyHistory', operation: 'CompetencyHistory', caller: 'admin', variables: { nip: t.assessedNip } },
  ];
  return list.map(({ operation, ...o }) => ({ ...o, query: op(operation) }));
}

let committedSchema: GraphQLSchema | undefined;

/** Whether an operation validates against the committed schema.graphql (some wait for fields still being built). */
export function validatesAgainstSchema(operation: Pick<HotOperation, 'query'>): boolean {
  committedSchema ??= buildSchema(readFileSync(join(REPO_ROOT, 'schema.graphql'), 'utf8'));
  return validate(committedSchema, parse(operation.query)).length === 0;
}

/** Bearer tokens for the callers: a SUPERADMIN and the target learner. */
export async function callerTokens(services: Services, t: HotTargets): Promise<Record<Caller, string | null>> {
  const create = async (spec: Parameters<Services['access']['create']>[1]) => {
    const made = await services.access.create(SYSTEM, spec);
    if (!made.ok) throw new Error(made.errors[0].message);
    return made.value.token;
  };
  const suffix = `${process.pid}-${Date.now()}`;
  return {
    admin: await create({ name: `bench admin ${suffix}`, role: 'SUPERADMIN' }),
    learner: await create({ name: `bench learner ${suffix}`, role: 'LEARNER', nip: t.nip }),
    anonymous: null,
  };
}
