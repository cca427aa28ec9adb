import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../../src/auth/viewer';
import { demoNip } from '../../../src/seed/demo-people';
import { unwrap } from '../../../src/seed/unwrap';
import type { GraphQLResponse } from '../../support/app';
import { op } from '../../support/contract';
import { buildWorld, type World } from '../../hardening/world';
import { sqlCount, sqlRows } from '../../support/sql';

/**
 * The admin console's lists (contract Browse.graphql) over HTTP, each checked
 * against plain SQL on the same database: the right admin manages
 * PEMPROV-JATIM (BPSDM-JATIM, Kabupaten Probolinggo below it), the wrong
 * admin KAB-INDRAMAYU, which has nothing to do with it.
 */
let w: World;
const sql = <T = Record<string, any>>(query: string, ...params: unknown[]) => sqlRows<T>(w.t.app.db, query, ...params);
const n = (query: string, ...params: unknown[]) => sqlCount(w.t.app.db, query, ...params);
const codes = (r: GraphQLResponse) => (r.errors ?? []).map((e) => e.extensions?.code);
const data = (r: GraphQLResponse) => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
};
const as = (role: keyof World['tokens']) => w.tokens[role];
const subtree = (code: string) => `SELECT id FROM institutions WHERE path LIKE (SELECT path FROM institutions WHERE code = '${code}') || '%'`;

beforeAll(async () => {
  w = await buildWorld();
}, 60_000);
afterAll(async () => w?.t.close());

describe('FindLearners: search by name, e-mail or NIP across the scope', () => {
  const find = (variables: Record<string, unknown>, token: string | null = w.t.adminToken) => w.t.gql(op('FindLearners'), variables, token);
  const nips = (r: GraphQLResponse) => data(r).learners.edges.map((e: any) => e.node.nip);

  it('finds a substring of the name in any case, a prefix of the NIP and a part of the e-mail', async () => {
    const siti = (await sql<{ id: number; nip: string; email: string | null }>('SELECT id, nip, email FROM learners WHERE nip = ?', demoNip(0)))[0];
    expect(nips(await find({ search: 'NURHAL' }))).toContain(siti.nip);
    expect(nips(await find({ search: 'siti nur' }))).toContain(siti.nip);
    expect(nips(await find({ search: siti.nip.slice(0, 10) }))).toContain(siti.nip);
    expect(nips(await find({ search: siti.nip.slice(3, 12) }))).not.toContain(siti.nip);
    if (siti.email) expect(nips(await find({ search: siti.email.slice(1, 7).toUpperCase() }))).toContain(siti.nip);
    const r = data(await find({ search: 'nurhal' }));
    expect(r.learners.totalCount).toBe(await n("SELECT count(*) AS n FROM learners WHERE active = 1 AND (lower(name) LIKE '%nurhal%' OR lower(email) LIKE '%nurhal%')"));
  });

  it('keeps the index current: a renamed learner is found by the new name only', async () => {
    const inst = 'BUMDES-SUMBERASIH';
    unwrap('import', await w.t.app.services.learners.importLearners(SYSTEM, { institutionCode: inst, learners: [{ email: 'warga.uji@example.id', name: 'Warga Ujicoba', employmentType: 'NON_ASN' }] }));
    expect(data(await find({ search: 'ujicoba' })).learners.totalCount).toBe(1);
    unwrap('rename', await w.t.app.services.learners.importLearners(SYSTEM, { institutionCode: inst, learners: [{ email: 'warga.uji@example.id', name: 'Warga Percontohan', employmentType: 'NON_ASN' }] }));
    expect(data(await find({ search: 'ujicoba' })).learners.totalCount).toBe(0);
    const found = data(await find({ search: 'percontohan', employmentType: 'NON_ASN' })).learners.edges;
    expect(found.map((e: any) => [e.node.email, e.node.employmentType, e.node.participantCategory])).toEqual([['warga.uji@example.id', 'NON_ASN', 'OTHER']]);
  });

  it('ignores accents both ways, on every engine', async () => {
    unwrap('import', await w.t.app.services.learners.importLearners(SYSTEM, { institutionCode: 'BUMDES-SUMBERASIH', learners: [{ email: 'rene@example.id', name: 'René Désirée Ëlok', employmentType: 'NON_ASN' }] }));
    for (const search of ['rene desiree', 'RENÉ', 'desirée', 'elok']) {
      expect(data(await find({ search })).learners.edges.map((e: any) => e.node.email), search).toEqual(['rene@example.id']);
    }
    expect(data(await find({ search: 'renee' })).learners.totalCount).toBe(0);
  });

  it('pages a search matching many learners (walked in the index) newest first, as one matching a few', async () => {
    const many = Array.from({ length: 1_050 }, (_, i) => ({ email: `padat.${i}@example.id`, name: `Peserta Padat ${i}`, employmentType: 'NON_ASN' as const }));
    unwrap('import', await w.t.app.services.learners.importLearners(SYSTEM, { institutionCode: 'BUMDES-SUMBERASIH', learners: many }));
    const expected = (await sql<{ email: string }>("SELECT email FROM learners WHERE name LIKE 'Peserta Padat%' ORDER BY id DESC LIMIT 8")).map((r) => r.email);
    for (const search of ['PADAT', 'padat 104']) {
      const first = data(await find({ search, first: 4 }, as('rightAdmin'))).learners;
      const next = data(await find({ search, first: 4, after: first.pageInfo.endCursor }, as('rightAdmin'))).learners;
      const emails = [...first.edges, ...next.edges].map((e: any) => e.node.email);
      if (search === 'PADAT') {
        expect(first.totalCount).toBe(1_050);
        expect(emails).toEqual(expected);
      } else {
        expect(first.totalCount).toBe(11);
        expect(emails).toEqual((await sql<{ email: string }>("SELECT email FROM learners WHERE name LIKE 'Peserta Padat 104%' ORDER BY id DESC LIMIT 8")).map((r) => r.email));
      }
    }
    expect(data(await find({ search: 'padat' }, as('wrongAdmin'))).learners.totalCount).toBe(0);
  });

  it('pages newest first with an exact totalCount, and an admin sees only their subtree', async () => {
    const total = await n(`SELECT count(*) AS n FROM learners WHERE active = 1 AND institution_id IN (${subtree('PEMPROV-JATIM')})`);
    const first = data(await find({ first: 3 }, as('rightAdmin'))).learners;
    expect(first.totalCount).toBe(total);
    const second = data(await find({ first: 3, after: first.pageInfo.endCursor }, as('rightAdmin'))).learners;
    const ids = (await sql<{ nip: string | null; email: string | null }>(
      `SELECT nip, email FROM learners WHERE active = 1 AND institution_id IN (${subtree('PEMPROV-JATIM')}) ORDER BY id DESC LIMIT 6`,
    )).map((r) => r.nip ?? r.email);
    expect([...first.edges, ...second.edges].map((e: any) => e.node.nip ?? e.node.email)).toEqual(ids);
    expect(data(await find({ search: 'nurhal' }, as('wrongAdmin'))).learners.totalCount).toBe(0);
    expect(data(await find({ institutionCode: 'KAB-PROBOLINGGO' }, as('rightAdmin'))).learners.totalCount).toBe(
      await n(`SELECT count(*) AS n FROM learners WHERE active = 1 AND institution_id IN (${subtree('KAB-PROBOLINGGO')})`),
    );
  });

  it('refuses a code outside the scope (FORBIDDEN, as for one that does not exist), a short search, and no token', async () => {
    expect(codes(await find({ institutionCode: 'PEMPROV-JATIM' }, as('wrongAdmin')))).toEqual(['FORBIDDEN']);
    expect(codes(await find({ institutionCode: 'NO-SUCH-CODE' }, as('wrongAdmin')))).toEqual(['FORBIDDEN']);
    expect(codes(await find({ search: 'si' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await find({}, null))).toEqual(['UNAUTHENTICATED']);
  });

  it('takes any text as a literal: FTS5 syntax, LIKE wildcards and quotes find nothing rather than fail', async () => {
    const hostile = ['"""', 'NEAR(a b)', 'name : x', '%%%', '___', 'a*b*c', "') OR 1=1 --", '\\\\\\', '🙂🙂🙂', 'x'.repeat(100)];
    for (const search of hostile) {
      const r = await find({ search });
      expect(r.errors, search).toBeUndefined();
      expect(r.data.learners.totalCount, search).toBe(0);
    }
    expect(codes(await find({ search: 'x'.repeat(101) }))).toEqual(['BAD_USER_INPUT']);
    const certificates = await w.t.gql(op('CertificatesIssued'), { filter: { search: 'NEAR(a b)' } });
    expect(data(certificates).certificates.totalCount).toBe(0);
  });

  it('shows a LEARNER only themself', async () => {
    const r = data(await find({}, as('learner'))).learners;
    expect(r.edges.map((e: any) => e.node.nip)).toEqual([w.learnerNip]);
    expect(r.totalCount).toBe(1);
  });
});

describe('WebinarSeriesList', () => {
  const list = (variables: Record<string, unknown>, token: string | null = w.t.adminToken) => w.t.gql(op('WebinarSeriesList'), variables, token);

  it("lists the series an admin's institutions organise, with their first sessions, in a constant number of statements", async () => {
    const s = w.t.app.services;
    for (let i = 1; i <= 4; i++) {
      unwrap('series', await s.webinars.createSeries(SYSTEM, { code: `IDM-${i}`, title: `Webinar Indramayu ${i}`, organizerCode: 'KAB-INDRAMAYU' }));
      for (let k = 1; k <= i; k++) {
        const day = `2025-0${k}-10`;
        unwrap('session', await s.webinars.scheduleSession(SYSTEM, { seriesCode: `IDM-${i}`, number: k, title: `Sesi ${k}`, startsAt: `${day}T09:00:00+07:00`, endsAt: `${day}T11:00:00+07:00`, jp: 2 }));
      }
    }
    const statements = async (first: number) => {
      // Tokens' "last used" times are written in the background a second after their use: not this list's statements.
      await w.t.app.services.access.lastUsed.flush();
      const before = w.t.app.db.statements.count;
      const r = data(await list({ first }, as('wrongAdmin'))).webinarSeries;
      return { r, count: w.t.app.db.statements.count - before };
    };
    const one = await statements(1);
    const all = await statements(10);
    expect(all.r.totalCount).toBe(4);
    expect(all.r.edges.map((e: any) => [e.node.code, e.node.organizer.code, e.node.sessions.totalCount, e.node.sessions.edges.length])).toEqual([
      ['IDM-4', 'KAB-INDRAMAYU', 4, 3],
      ['IDM-3', 'KAB-INDRAMAYU', 3, 3],
      ['IDM-2', 'KAB-INDRAMAYU', 2, 2],
      ['IDM-1', 'KAB-INDRAMAYU', 1, 1],
    ]);
    expect(all.r.edges[0].node.sessions.edges.map((e: any) => e.node.number)).toEqual([1, 2, 3]);
    expect(all.count).toBe(one.count);
  });

  it('filters by organiser subtree and search; another institution’s organiser code is FORBIDDEN', async () => {
    const mine = data(await list({}, as('rightAdmin'))).webinarSeries;
    expect(mine.totalCount).toBe(await n(`SELECT count(*) AS n FROM webinar_series WHERE organizer_id IN (${subtree('PEMPROV-JATIM')})`));
    expect(mine.edges.map((e: any) => e.node.code)).not.toContain('IDM-1');
    expect(data(await list({ search: 'indramayu 3' })).webinarSeries.edges.map((e: any) => e.node.code)).toEqual(['IDM-3']);
    expect(data(await list({ organizerCode: 'KAB-INDRAMAYU' })).webinarSeries.totalCount).toBe(4);
    expect(codes(await list({ organizerCode: 'KAB-INDRAMAYU' }, as('rightAdmin')))).toEqual(['FORBIDDEN']);
    expect(data(await list({}, as('learner'))).webinarSeries.totalCount).toBe(0);
    expect(codes(await list({}, null))).toEqual(['UNAUTHENTICATED']);
  });
});

describe('SessionAdmin', () => {
  const session = async () => (await sql<{ id: number; code: string; number: number }>(
    'SELECT ws.id, s.code, ws.number FROM webinar_sessions ws JOIN webinar_series s ON s.id = ws.series_id WHERE ws.id = ?',
    Number(Buffer.from(w.sessionId, 'base64url').toString().split(':')[1]),
  ))[0];

  it("shows the organiser's admins the session's assessments, imports, open rows and certificates", async () => {
    const s = await session();
    const r = data(await w.t.gql(op('SessionAdmin'), { seriesCode: s.code, number: s.number }, as('rightAdmin'))).webinarSession;
    expect(r.assessments.map((a: any) => [a.title, a.scoreCount])).toEqual(
      (await sql<{ title: string; c: number }>(
        "SELECT a.title, (SELECT count(*) FROM assessment_scores x WHERE x.assessment_id = a.id) AS c FROM assessments a WHERE a.subject_type = 'SESSION' AND a.subject_id = ? ORDER BY a.id",
        s.id,
      )).map((a) => [a.title, a.c]),
    );
    expect(r.imports.length).toBe(await n('SELECT count(*) AS n FROM attendance_imports WHERE session_id = ?', s.id));
    expect(r.unmatchedAttendance.totalCount).toBe(
      await n('SELECT count(*) AS n FROM unmatched_attendance_rows WHERE session_id = ? AND resolved_learner_id IS NULL AND dismissed_at IS NULL', s.id),
    );
    expect(r.unmatchedAttendance.totalCount).toBeGreaterThan(0);
    expect(r.certificates.totalCount).toBe(await n("SELECT count(*) AS n FROM certificates WHERE subject_type = 'SESSION' AND subject_id = ?", s.id));
    expect(r.certificates.totalCount).toBeGreaterThan(0);
    expect(r.certificateRule.code).toBe('MITK-E-CERT');
  });

  it('answers the unmatched rows by status: none RESOLVED or DISMISSED yet', async () => {
    const s = await session();
    const q = `query($c: String!, $n: Int!, $s: UnmatchedRowStatus) { webinarSession(seriesCode: $c, number: $n) { unmatchedAttendance(filter: { status: $s }) { totalCount edges { node { status } } } } }`;
    for (const status of ['RESOLVED', 'DISMISSED']) {
      const rows = data(await w.t.gql(q, { c: s.code, n: s.number, s: status }, as('rightAdmin'))).webinarSession.unmatchedAttendance;
      expect(rows.totalCount).toBe(0);
    }
    const open = data(await w.t.gql(q, { c: s.code, n: s.number }, as('rightAdmin'))).webinarSession.unmatchedAttendance;
    expect(new Set(open.edges.map((e: any) => e.node.status))).toEqual(new Set(['OPEN']));
  });

  it("refuses an unrelated admin and a learner the session's admin lists", async () => {
    const s = await session();
    for (const role of ['wrongAdmin', 'learner'] as const) {
      const r = await w.t.gql(op('SessionAdmin'), { seriesCode: s.code, number: s.number }, as(role));
      const refused = new Set((r.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path?.[1]));
      expect(refused).toEqual(new Set(['assessments', 'unmatchedAttendance', 'certificates', 'imports']));
    }
  });
});

describe('InstitutionAdmin and CohortMembers', () => {
  it("lists an institution's children, cohorts with their enrolment counts and rules", async () => {
    const r = data(await w.t.gql(op('InstitutionAdmin'), { code: 'KAB-PROBOLINGGO' }, as('rightAdmin'))).institution;
    const inst = (await sql<{ id: number }>("SELECT id FROM institutions WHERE code = 'KAB-PROBOLINGGO'"))[0];
    expect(r.children.edges.map((e: any) => e.node.code)).toEqual((await sql<{ code: string }>('SELECT code FROM institutions WHERE parent_id = ? ORDER BY name, id', inst.id)).map((c) => c.code));
    expect(r.children.totalCount).toBe(r.children.edges.length);
    expect(r.cohorts.edges.map((e: any) => [e.node.code, e.node.enrollments.totalCount])).toEqual(
      (await sql<{ code: string; c: number }>('SELECT code, (SELECT count(*) FROM enrollments e WHERE e.cohort_id = c.id) AS c FROM cohorts c WHERE institution_id = ? ORDER BY id DESC', inst.id)).map((c) => [c.code, c.c]),
    );
    const bpsdm = data(await w.t.gql(op('InstitutionAdmin'), { code: 'BPSDM-JATIM' }, as('rightAdmin'))).institution;
    expect(bpsdm.certificateRules.edges.map((e: any) => [e.node.code, e.node.version])).toEqual(
      (await sql<{ code: string; version: number }>("SELECT code, version FROM certificate_rules WHERE institution_id = (SELECT id FROM institutions WHERE code = 'BPSDM-JATIM') ORDER BY id DESC")).map((c) => [c.code, c.version]),
    );
  });

  it("refuses another institution's cohorts and rules, but not its children", async () => {
    const r = await w.t.gql(op('InstitutionAdmin'), { code: 'BPSDM-JATIM' }, as('wrongAdmin'));
    expect(new Set((r.errors ?? []).map((e) => `${e.path?.[1]}:${e.extensions?.code}`))).toEqual(new Set(['cohorts:FORBIDDEN', 'certificateRules:FORBIDDEN']));
    const children = data(await w.t.gql('{ institution(code: "PEMPROV-JATIM") { children { totalCount } } }', {}, as('wrongAdmin')));
    expect(children.institution.children.totalCount).toBe(await n("SELECT count(*) AS n FROM institutions WHERE parent_id = (SELECT id FROM institutions WHERE code = 'PEMPROV-JATIM')"));
  });

  it('lists a cohort’s enrolments newest first, by status', async () => {
    const cohort = (await sql<{ id: number }>('SELECT id FROM cohorts WHERE code = ?', w.cohortCode))[0];
    const all = data(await w.t.gql(op('CohortMembers'), { code: w.cohortCode }, w.t.adminToken)).cohort.enrollments;
    expect(all.totalCount).toBe(await n('SELECT count(*) AS n FROM enrollments WHERE cohort_id = ?', cohort.id));
    expect(all.edges.map((e: any) => e.node.learner.nip ?? e.node.learner.email)).toEqual(
      (await sql<{ k: string }>('SELECT coalesce(l.nip, l.email) AS k FROM enrollments e JOIN learners l ON l.id = e.learner_id WHERE cohort_id = ? ORDER BY e.id DESC LIMIT 50', cohort.id)).map((r) => r.k),
    );
    for (const status of ['ENROLLED', 'COMPLETED', 'WITHDRAWN']) {
      const some = data(await w.t.gql(op('CohortMembers'), { code: w.cohortCode, status }, w.t.adminToken)).cohort.enrollments;
      expect(some.totalCount).toBe(await n('SELECT count(*) AS n FROM enrollments WHERE cohort_id = ? AND status = ?', cohort.id, status));
      expect(new Set(some.edges.map((e: any) => e.node.status))).toEqual(new Set(some.totalCount ? [status] : []));
    }
  });

  it("refuses a learner another cohort member's list, reached through their own enrolment", async () => {
    const q = `{ learner(nip: "${w.learnerNip}") { enrollments { edges { node { cohort { enrollments { totalCount } } } } } } }`;
    expect(await n('SELECT count(*) AS n FROM enrollments WHERE learner_id = (SELECT id FROM learners WHERE nip = ?)', w.learnerNip)).toBeGreaterThan(0);
    expect(codes(await w.t.gql(q, {}, as('learner')))).toEqual(['FORBIDDEN']);
  });
});

describe('CertificatesIssued', () => {
  const issued = (filter: Record<string, unknown> | null, token: string | null = w.t.adminToken, extra: Record<string, unknown> = {}) =>
    w.t.gql(op('CertificatesIssued'), { filter, ...extra }, token);

  it('filters by issuer, session, status, issue dates (from included, to excluded) and a search on number and holder', async () => {
    const all = await n('SELECT count(*) AS n FROM certificates');
    expect(all).toBeGreaterThan(1);
    expect(data(await issued(null)).certificates.totalCount).toBe(all);
    expect(data(await issued({ issuerCode: 'PEMPROV-JATIM' }, as('rightAdmin'))).certificates.totalCount).toBe(
      await n(`SELECT count(*) AS n FROM certificates WHERE issuer_id IN (${subtree('PEMPROV-JATIM')})`),
    );
    expect(data(await issued({ sessionId: w.sessionId, status: 'VALID' })).certificates.totalCount).toBe(
      await n("SELECT count(*) AS n FROM certificates WHERE subject_type = 'SESSION' AND status = 'VALID'"),
    );
    const cert = (await sql<{ issued_at: number; number: string }>('SELECT issued_at, number FROM certificates WHERE number = ?', w.certificateNumber))[0];
    const at = new Date(cert.issued_at).toISOString();
    const from = data(await issued({ issuedFrom: at, search: cert.number })).certificates;
    expect(from.edges.map((e: any) => e.node.number)).toEqual([cert.number]);
    expect(data(await issued({ issuedTo: at, search: cert.number })).certificates.totalCount).toBe(0);
    const holder = data(await issued({ search: 'nurhal' })).certificates;
    expect(holder.edges.map((e: any) => e.node.number)).toContain(cert.number);
    expect(holder.totalCount).toBe(await n("SELECT count(*) AS n FROM certificates c JOIN learners l ON l.id = c.learner_id WHERE lower(l.name) LIKE '%nurhal%'"));
  });

  it('shows a LEARNER their own, an unrelated admin none of them, and refuses their code to it', async () => {
    const own = data(await issued(null, as('learner'))).certificates;
    expect(own.edges.map((e: any) => e.node.number)).toEqual(
      (await sql<{ number: string }>('SELECT number FROM certificates WHERE learner_id = (SELECT id FROM learners WHERE nip = ?) ORDER BY id DESC', w.learnerNip)).map((c) => c.number),
    );
    expect(own.edges.map((e: any) => e.node.number)).toContain(w.certificateNumber);
    expect(data(await issued(null, as('wrongAdmin'))).certificates.totalCount).toBe(0);
    expect(codes(await issued({ issuerCode: 'BPSDM-JATIM' }, as('wrongAdmin')))).toEqual(['FORBIDDEN']);
    expect(codes(await issued({ sessionId: 'not-an-id' }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await issued(null, null))).toEqual(['UNAUTHENTICATED']);
  });

  it('does not let an issuer search holders by NIP or e-mail it sees masked', async () => {
    const siti = (await sql<{ nip: string }>('SELECT nip FROM learners WHERE nip = ?', demoNip(0)))[0];
    expect(data(await issued({ search: siti.nip.slice(0, 8) })).certificates.totalCount).toBe(0);
  });
});

describe('CertificateRules, Positions, CompetencyHistory', () => {
  it('lists rule versions in scope, newest first', async () => {
    const r = data(await w.t.gql(op('CertificateRules'), {}, as('rightAdmin'))).certificateRules;
    expect(r.edges.map((e: any) => [e.node.code, e.node.version])).toEqual(
      (await sql<{ code: string; version: number }>(`SELECT code, version FROM certificate_rules WHERE institution_id IN (${subtree('PEMPROV-JATIM')}) ORDER BY id DESC LIMIT 20`)).map((c) => [c.code, c.version]),
    );
    expect(r.edges[0].node.criteria.length).toBeGreaterThan(0);
    expect(data(await w.t.gql(op('CertificateRules'), {}, as('wrongAdmin'))).certificateRules.edges.map((e: any) => e.node.institution.code)).not.toContain('BPSDM-JATIM');
    expect(codes(await w.t.gql(op('CertificateRules'), { institutionCode: 'BPSDM-JATIM' }, as('wrongAdmin')))).toEqual(['FORBIDDEN']);
  });

  it('lists positions by code, with a search', async () => {
    const all = data(await w.t.gql(op('Positions'), {}, as('learner'))).positions;
    expect(all.edges.map((e: any) => e.node.code)).toEqual((await sql<{ code: string }>('SELECT code FROM positions ORDER BY code, id LIMIT 50')).map((p) => p.code));
    const one = (await sql<{ code: string; name: string }>('SELECT code, name FROM positions ORDER BY id LIMIT 1'))[0];
    const found = data(await w.t.gql(op('Positions'), { search: one.name.slice(1, 6).toUpperCase() }, as('learner'))).positions;
    expect(found.edges.map((e: any) => e.node.code)).toContain(one.code);
    expect(codes(await w.t.gql(op('Positions'), {}, null))).toEqual(['UNAUTHENTICATED']);
  });

  it("lists a learner's competency assessments latest first, to those who may read the learner", async () => {
    const learner = (await sql<{ id: number; nip: string }>('SELECT l.id, l.nip FROM learners l WHERE l.id IN (SELECT learner_id FROM competency_assessments) LIMIT 1'))[0];
    const r = data(await w.t.gql(op('CompetencyHistory'), { nip: learner.nip })).learner.competencyAssessments;
    expect(r.edges.map((e: any) => [e.node.competency.code, e.node.level])).toEqual(
      (await sql<{ code: string; level: number }>(
        'SELECT c.code, a.level FROM competency_assessments a JOIN competencies c ON c.id = a.competency_id WHERE a.learner_id = ? ORDER BY a.assessed_at DESC, a.id DESC LIMIT 50',
        learner.id,
      )).map((a) => [a.code, a.level]),
    );
    expect(r.totalCount).toBe(await n('SELECT count(*) AS n FROM competency_assessments WHERE learner_id = ?', learner.id));
    expect(codes(await w.t.gql(op('CompetencyHistory'), { nip: learner.nip }, as('wrongAdmin')))).toEqual(['FORBIDDEN']);
  });
});
