import { SYSTEM } from '../../src/auth/viewer';
import type { Database } from '../../src/db/database';
import { loadContractOperations } from '../contract-operations';
import { browseOperations, callerTokens, hotOperations, sampleBrowseTargets, validatesAgainstSchema, type HotOperation } from './hot-operations';
import { startInProcess } from './load-test';
import type { OpenLoopRequest } from './open-loop';

/**
 * The open-loop bench's mix, one cycle of 1,000 requests in per mille: a national peak is mostly
 * learners fetching certificates and progress (850), with admins browsing
 * their lists and dashboards (148) and an occasional export (2).
 */
export const MIX: Record<string, number> = {
  MyCertificates: 200,
  MyProgress: 150,
  VerifyCertificate: 150,
  Catalog: 150,
  MyAttendance: 100,
  LearnerProgress: 100,
  SessionEligibility: 30,
  InstitutionDashboard: 20,
  Browse: 98,
  Export: 2,
};

/** Kinds spread evenly over the cycle (smooth weighted round robin), so the rare heavy ones do not bunch. */
/**
 * A source of the mix's requests in the MIX proportions, each kind cycling
 * through its variants: call `mixSequence(variants)` once per run.
 */
export function mixSequence(variants: Map<string, OpenLoopRequest[]>): () => OpenLoopRequest {
  const cycle = interleave(Object.fromEntries(Object.entries(MIX).filter(([k]) => variants.get(k)?.length)));
  const counters = new Map<string, number>();
  let i = 0;
  return () => {
    const kind = cycle[i++ % cycle.length];
    const n = counters.get(kind) ?? 0;
    counters.set(kind, n + 1);
    const list = variants.get(kind)!;
    return list[n % list.length];
  };
}

export function interleave(weights: Record<string, number>): string[] {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const current = Object.fromEntries(Object.keys(weights).map((k) => [k, 0]));
  const order: string[] = [];
  for (let i = 0; i < total; i++) {
    for (const k of Object.keys(weights)) current[k] += weights[k];
    const pick = Object.keys(current).reduce((a, b) => (current[b] > current[a] ? b : a));
    current[pick] -= total;
    order.push(pick);
  }
  return order;
}

const SAMPLED_LEARNERS = 100;

const jsonPost = (kind: string, query: string, variables: Record<string, unknown>, token: string | null): OpenLoopRequest => ({
  kind,
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify({ query, variables }),
});

interface SampledLearner {
  nip: string;
  year: number;
  code: string;
}

/** Learners holding a VALID certificate, spread over the table, with one of their certificates' year and code. */
function sampleLearners(db: Database, n: number): SampledLearner[] {
  const raw = db.readRaw;
  const { max } = raw.prepare(`SELECT coalesce(max(id), 0) AS max FROM certificates`).get() as { max: number };
  const step = Math.max(1, Math.floor(max / (n * 3)));
  return raw
    .prepare(
      `SELECT l.nip, c.activity_year AS year, c.verification_code AS code FROM certificates c JOIN learners l ON l.id = c.learner_id
       WHERE c.status = 'VALID' AND l.nip IS NOT NULL AND c.id % ? = 0 GROUP BY l.id LIMIT ?`,
    )
    .all(step, n) as SampledLearner[];
}

/** The top-level institution whose subtree holds the most learners (a province at scale): the heaviest dashboard. */
function largestTopLevel(db: Database): string {
  return (
    db.readRaw
      .prepare(
        `SELECT root.code FROM institutions root JOIN institutions i ON i.path LIKE root.path || '%' JOIN learners l ON l.institution_id = i.id
         WHERE root.parent_id IS NULL GROUP BY root.id ORDER BY count(*) DESC LIMIT 1`,
      )
      .get() as { code: string }
  ).code;
}


/**
 * The requests of the mix, each kind a list its calls cycle through: every
 * sampled learner with their own token for the learner operations, the
 * admin's dashboards, eligibility pages, the Browse lists and an export.
 */
export async function buildMix(path: string, log: (line: string) => void): Promise<{ variants: Map<string, OpenLoopRequest[]>; missing: string[] }> {
  const local = await startInProcess(path);
  try {
    const { op } = loadContractOperations();
    const targets = sampleBrowseTargets(local.db);
    const tokens = await callerTokens(local.services, targets);
    const learners = sampleLearners(local.db, SAMPLED_LEARNERS);
    log(`${learners.length} learners with certificates sampled; making their tokens`);
    const learnerTokens = [];
    for (const [i, l] of learners.entries()) {
      const made = await local.services.access.create(SYSTEM, { name: `open-load learner ${process.pid}-${i}`, role: 'LEARNER', nip: l.nip });
      if (!made.ok) throw new Error(made.errors[0].message);
      learnerTokens.push({ ...l, token: made.value.token });
    }
    const largest = largestTopLevel(local.db);
    const hot = new Map(hotOperations(targets).map((o) => [o.name, o]));
    const asRequest = (kind: string, o: HotOperation) => jsonPost(kind, o.query, o.variables, o.caller === 'anonymous' ? null : tokens[o.caller]);
    const catalog = hot.get('Catalog')!;
    const variants = new Map<string, OpenLoopRequest[]>([
      ['MyCertificates', learnerTokens.map((l) => jsonPost('MyCertificates', op('MyCertificates'), { year: l.year }, l.token))],
      ['MyProgress', learnerTokens.map((l) => jsonPost('MyProgress', op('MyProgress'), { year: l.year }, l.token))],
      ['VerifyCertificate', learnerTokens.map((l) => jsonPost('VerifyCertificate', op('VerifyCertificate'), { code: l.code }, null))],
      // The portal's catalogue: upcoming sessions for a competency, and the first page unfiltered.
      ['Catalog', [{ ...asRequest('Catalog', catalog), label: 'Catalog: by competency' }, { ...jsonPost('Catalog', catalog.query, { first: 20 }, null), label: 'Catalog: first page' }]],
      ['MyAttendance', learnerTokens.map((l) => jsonPost('MyAttendance', op('MyAttendance'), {}, l.token))],
      ['LearnerProgress', learnerTokens.map((l) => jsonPost('LearnerProgress', op('LearnerProgress'), { nip: l.nip, year: l.year }, l.token))],
      ['SessionEligibility', [asRequest('SessionEligibility', hot.get('SessionEligibility')!)]],
      [
        'InstitutionDashboard',
        [
          { ...asRequest('InstitutionDashboard', hot.get('InstitutionDashboard')!), label: `InstitutionDashboard: ${targets.institutionCode}` },
          { ...jsonPost('InstitutionDashboard', op('InstitutionDashboard'), { code: largest, year: targets.year }, tokens.admin), label: `InstitutionDashboard: ${largest} (largest subtree)` },
        ],
      ],
      ['Browse', browseOperations(targets).map((o) => ({ ...asRequest(o.query.match(/query (\w+)/)![1], o), label: o.name }))],
      [
        'Export',
        [{ kind: 'Export learning hours', method: 'GET', path: `/exports/institutions/${encodeURIComponent(targets.institutionCode)}/learning-hours.csv?year=${targets.year}`, headers: { authorization: `Bearer ${tokens.admin}` } }],
      ],
    ]);
    // Operations the schema does not serve yet would only measure errors.
    const missing: string[] = [];
    for (const [kind, list] of variants) {
      const kept = list.filter((r) => r.method === 'GET' || validatesAgainstSchema({ query: JSON.parse(r.body!).query }));
      if (kept.length < list.length) missing.push(kind);
      variants.set(kind, kept);
    }
    return { variants, missing };
  } finally {
    await local.close();
  }
}

