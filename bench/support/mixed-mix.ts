import type autocannon from 'autocannon';
import { SYSTEM } from '../../src/auth/viewer';
import type { Services } from '../../src/composition/services';
import { unwrap } from '../../src/seed/unwrap';
import { loadContractOperations } from '../contract-operations';
import { benchLearners } from '../zoom-import';

/** The mixed load's world and its mix of requests, shared by `mixedLoad` and `processes`. */

const LEARNERS = 3_000;
const LEARNER_TOKENS = 50;

export interface Call {
  name: string;
  body: string;
  token?: string;
}

export interface MixedWorld {
  learnerTokens: { nip: string; token: string }[];
  admin: string;
  codes: string[];
}

/**
 * On the demo seed: 3,000 learners who attended a session and hold its
 * certificates, 50 learner tokens and an institution admin's.
 */
export async function seedMixedWorld(services: Services, log: (line: string) => void): Promise<MixedWorld> {
  log(`seeding the demo and ${LEARNERS.toLocaleString()} learners with attendance and certificates`);
  const people = benchLearners(LEARNERS);
  unwrap('learners', await services.learners.importLearners(SYSTEM, { institutionCode: 'DINSOS-PROBOLINGGO', learners: people }));
  unwrap('rule', await services.certificateRules.define(SYSTEM, {
    code: 'LOAD-RULE',
    name: 'Hadir 60 menit',
    institutionCode: 'BPSDM-JATIM',
    criteria: [{ kind: 'ATTENDANCE_MINUTES', threshold: 60 }],
  }));
  const session = unwrap('session', await services.webinars.scheduleSession(SYSTEM, {
    seriesCode: 'MITK',
    number: 90,
    title: 'Sesi beban',
    startsAt: '2025-03-10T09:00:00+07:00',
    endsAt: '2025-03-10T11:00:00+07:00',
    jp: 2,
    certificateRuleCode: 'LOAD-RULE',
  }));
  const entries = people.map((p, i) => ({ nip: p.nip, minutes: 30 + (i % 100) }));
  unwrap('attendance', await services.attendance.record(SYSTEM, { sessionId: session.id, source: 'FORM', entries }));
  const issued = unwrap('certificates', await services.certificates.issue(SYSTEM, { type: 'SESSION', id: session.id }, false));
  log(`issued ${issued.issuedCount} certificates`);

  const learnerTokens = await Promise.all(
    people.slice(0, LEARNER_TOKENS).map(async (p, i) => ({
      nip: p.nip,
      token: unwrap('token', await services.access.create(SYSTEM, { name: `load learner ${i}`, role: 'LEARNER', nip: p.nip })).token,
    })),
  );
  const admin = unwrap('token', await services.access.create(SYSTEM, { name: 'load admin', role: 'INSTITUTION_ADMIN', institutionCode: 'BPSDM-JATIM' })).token;
  return { learnerTokens, admin, codes: issued.issued.map((c) => c.verificationCode) };
}

export const call = (name: string, variables: Record<string, unknown>, token?: string): Call => ({
  name,
  body: JSON.stringify({ query: loadContractOperations().op(name), variables }),
  token,
});

/** Sends one call to `url` and reads the answer. */
export async function send(url: string, c: Call): Promise<{ data?: any; errors?: unknown[] }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) },
    body: c.body,
  });
  return (await r.json()) as { data?: any; errors?: unknown[] };
}

/**
 * One cycle of 100 requests: learners 2/5, catalogue 1/5, eligibility 1/5
 * (the cursors a client walking the list would send, asked of the server at
 * `url`), verification 1/5.
 */
export async function mixedMix(url: string, world: MixedWorld): Promise<{ mix: Call[]; pages: number }> {
  const pages: (string | null)[] = [null];
  for (;;) {
    const page = await send(url, call('SessionEligibility', { seriesCode: 'MITK', number: 90, first: 100, after: pages.at(-1) }, world.admin));
    const info = page.data?.webinarSession?.eligibility?.pageInfo;
    if (!info?.hasNextPage || pages.length >= 10) break;
    pages.push(info.endCursor);
  }
  const { learnerTokens, admin, codes } = world;
  const mix: Call[] = [];
  for (let i = 0; i < 100; i++) {
    const learner = learnerTokens[i % learnerTokens.length];
    const slot = i % 5;
    if (slot === 0) mix.push(call('MyProgress', { year: 2025 }, learner.token));
    if (slot === 1) mix.push(call('LearnerProgress', { nip: learner.nip, year: 2025 }, learner.token));
    if (slot === 2) mix.push(call('Catalog', { first: 20 }));
    if (slot === 3) mix.push(call('SessionEligibility', { seriesCode: 'MITK', number: 90, first: 100, after: pages[i % pages.length] }, admin));
    if (slot === 4) mix.push(call('VerifyCertificate', { code: codes[(i * 37) % codes.length] }));
  }
  return { mix, pages: pages.length };
}

/** Every kind of call must answer data, or the figures would measure errors. */
export async function checkMix(url: string, mix: Call[]): Promise<void> {
  for (const c of new Map(mix.map((c) => [c.name, c])).values()) {
    const r = await send(url, c);
    if (r.errors?.length || !r.data) throw new Error(`${c.name} answers errors: ${JSON.stringify(r.errors).slice(0, 500)}`);
  }
}

export function requestsOf(mix: Call[], onBody?: (body: string) => void): autocannon.Request[] {
  return mix.map((c) => ({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...(c.token ? { authorization: `Bearer ${c.token}` } : {}) },
    body: c.body,
    ...(onBody ? { onResponse: (_status: number, body: string) => onBody(body) } : {}),
  }));
}
