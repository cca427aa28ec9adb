import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { buildSchema, getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, type GraphQLInputType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificates, institutions, learners } from '../../src/db/schema';
import { op } from '../support/contract';
import { dataOf, startTestApp, type TestApp } from '../support/app';
import { sqlCount, sqlRow } from '../support/sql';
import { onSqlite } from '../support/test-database';
import { readPdf } from '../support/pdf';

/** NUL, C1 and the bidirectional controls that make text display as something else. */
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const EVIL = 'Evil\u0000Name\u202E';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startTestApp({ SEED_DEMO: 'true' });
  base = t.url.replace(/\/graphql$/, '');
}, 60_000);
afterAll(() => t.close());

const count = (table: string) => sqlCount(t.app.db, `SELECT count(*) AS n FROM ${table}`);

describe('control characters in text inputs', () => {
  it('refuses a learner name with NUL and RIGHT-TO-LEFT OVERRIDE, writing nothing', async () => {
    const before = { learners: await count('learners'), audit: await count('audit_log') };
    const r = dataOf(
      await t.gql(op('ImportLearners'), {
        input: {
          institutionCode: 'KAB-PROBOLINGGO',
          learners: [
            { nip: '199104042019031007', name: 'Wahyu Hidayat', employmentType: 'PNS' },
            { nip: '199205052020121008', name: EVIL, employmentType: 'PNS' },
          ],
        },
      }),
    ).importLearners;
    expect(r.userErrors).toEqual([{ field: ['learners', '1', 'name'], code: 'INVALID', message: expect.stringContaining('U+0000') }]);
    expect(r.userErrors[0].message).toMatch(/^Name must not contain U\+0000 NULL \(a control character\)$/);
    expect({ learners: await count('learners'), audit: await count('audit_log') }).toEqual(before);
  });

  it('names the bidirectional override when it is the only bad character', async () => {
    const r = dataOf(
      await t.gql(op('ImportLearners'), {
        input: { institutionCode: 'KAB-PROBOLINGGO', learners: [{ nip: '199205052020121008', name: 'Name\u202Egnp.exe', employmentType: 'PNS' }] },
      }),
    ).importLearners;
    expect(r.userErrors).toEqual([
      { field: ['learners', '0', 'name'], code: 'INVALID', message: 'Name must not contain U+202E RIGHT-TO-LEFT OVERRIDE (a bidirectional control character)' },
    ]);
  });

  it('refuses a line break in a single-line title but keeps one in a description', async () => {
    const create = (input: Record<string, unknown>) =>
      t.gql('mutation($input: CreateWebinarSeriesInput!) { createWebinarSeries(input: $input) { series { description } userErrors { field code message } } }', {
        input: { organizerCode: 'BPSDM-JATIM', ...input },
      });
    const titled = dataOf(await create({ code: 'CTRL-1', title: 'Baris satu\nbaris dua' })).createWebinarSeries;
    expect(titled.userErrors).toEqual([{ field: ['title'], code: 'INVALID', message: 'Title must not contain U+000A LINE FEED (a line break or tab)' }]);

    const described = dataOf(await create({ code: 'CTRL-2', title: 'Seri uji', description: 'Baris satu\n\tbaris dua' })).createWebinarSeries;
    expect(described).toEqual({ series: { description: 'Baris satu\n\tbaris dua' }, userErrors: [] });

    const hidden = dataOf(await create({ code: 'CTRL-3', title: 'Seri uji', description: 'Baris satu\u2067dua' })).createWebinarSeries;
    expect(hidden.userErrors).toEqual([{ field: ['description'], code: 'INVALID', message: expect.stringContaining('U+2067 RIGHT-TO-LEFT ISOLATE') }]);
  });
});

describe('every text input goes through the same check', () => {
  const RLO = '\u202E';
  const mutation = (name: string, type: string) =>
    `mutation($input: ${type}!) { ${name}(input: $input) { userErrors { field code message } } }`;
  const curriculum = {
    code: 'CTRL-CUR',
    version: 1,
    title: 'Kurikulum uji',
    ownerCode: 'KAB-PROBOLINGGO',
    status: 'DRAFT',
    approach: 'OUTCOME_BASED',
    outcomes: [{ code: 'CP1', statement: 'Mampu menganalisis', competencyCode: 'TPK.01', targetLevel: 2 }],
    modules: [{ code: 'M1', title: 'Modul satu', jp: 2, deliveryMode: 'CLASSROOM', sequence: 1, outcomeCodes: ['CP1'] }],
  };
  const session = { seriesCode: 'MITK', number: 901, title: 'Sesi uji', startsAt: '2026-01-05T09:00:00+07:00', endsAt: '2026-01-05T10:00:00+07:00', jp: 1 };
  const cases: [string, string, string, Record<string, unknown>, string[]][] = [
    ['createInstitution', 'institution name', 'CreateInstitutionInput', { code: 'CTRL-INST', kind: 'GOVERNMENT_UNIT', name: `Dinas ${RLO}Uji` }, ['name']],
    ['createInstitution', 'region', 'CreateInstitutionInput', { code: 'CTRL-INST', kind: 'GOVERNMENT_UNIT', name: 'Dinas Uji', region: `Jawa${RLO}` }, ['region']],
    ['createApiToken', 'token name', 'CreateApiTokenInput', { name: `Portal${RLO}`, role: 'SUPERADMIN' }, ['name']],
    ['defineCertificateRule', 'rule name', 'DefineCertificateRuleInput', { code: 'CTRL-RULE', name: `Aturan${RLO}`, institutionCode: 'BPSDM-JATIM', criteria: [{ kind: 'ATTENDANCE_PERCENT', threshold: 50 }] }, ['name']],
    ['createWebinarSeries', 'webinar title', 'CreateWebinarSeriesInput', { code: 'CTRL-SER', title: `Seri${RLO}`, organizerCode: 'BPSDM-JATIM' }, ['title']],
    ['scheduleWebinarSession', 'session title', 'ScheduleWebinarSessionInput', { ...session, title: `Sesi${RLO}` }, ['title']],
    ['scheduleWebinarSession', 'channel link', 'ScheduleWebinarSessionInput', { ...session, channels: [{ platform: 'ZOOM', url: `https://zoom.us/j/1${RLO}` }] }, ['channels', '0', 'url']],
    ['upsertCurriculum', 'curriculum title', 'CurriculumInput', { ...curriculum, title: `Kurikulum${RLO}` }, ['title']],
    ['upsertCurriculum', 'module title', 'CurriculumInput', { ...curriculum, modules: [{ ...curriculum.modules[0], title: `Modul\u0000` }] }, ['modules', '0', 'title']],
    ['upsertCurriculum', 'outcome statement', 'CurriculumInput', { ...curriculum, outcomes: [{ ...curriculum.outcomes[0], statement: `Mampu${RLO}` }] }, ['outcomes', '0', 'statement']],
    ['upsertPosition', 'position name', 'UpsertPositionInput', { code: 'CTRL-POS', name: `Analis${RLO}`, requirements: [] }, ['name']],
    ['importLearners', 'learner e-mail', 'ImportLearnersInput', { institutionCode: 'KAB-PROBOLINGGO', learners: [{ email: `tamu${RLO}@contoh.id`, name: 'Tamu', employmentType: 'NON_ASN' }] }, ['learners', '0', 'email']],
  ];

  it.each(cases)('%s refuses a control character in the %s', async (name, _what, type, input, field) => {
    const before = await count('audit_log');
    const r = await t.gql(mutation(name, type), { input });
    expect(r.errors).toBeUndefined();
    expect(r.data[name].userErrors).toContainEqual({ field, code: expect.stringMatching(/^INVALID(_EMAIL)?$/), message: expect.stringMatching(/U\+(202E|0000)/) });
    expect(await count('audit_log')).toBe(before);
  });

  it('refuses a revocation reason with a line break: it is printed on one line', async () => {
    const number = (await sqlRow<{ number: string }>(t.app.db, "SELECT number FROM certificates WHERE status = 'VALID' ORDER BY id LIMIT 1"))!.number;
    const r = dataOf(await t.gql(mutation('revokeCertificate', 'RevokeCertificateInput'), { input: { number, reason: 'Data tidak sah\nlagi' } })).revokeCertificate;
    expect(r.userErrors).toEqual([{ field: ['reason'], code: 'INVALID', message: 'Reason must not contain U+000A LINE FEED (a line break or tab)' }]);
  });
});

/** PostgreSQL's text cannot hold NUL at all: only a SQLite database can have stored one. */
const storable = (text: string) => (onSqlite ? text : text.replaceAll('\u0000', ''));

describe('rows stored before the inputs were checked', () => {
  let code: string;
  beforeAll(async () => {
    // A valid certificate of the demo, whose holder, title, issuer and revocation reason are then given control characters.
    const cert = (await t.app.db.read.select().from(certificates).limit(1).get())!;
    code = cert.verificationCode;
    await t.app.db.write(async (tx) => {
      await tx.update(learners).set({ name: storable(EVIL) }).where(eq(learners.id, cert.learnerId)).run();
      await tx.update(institutions).set({ name: 'BPSDM\u202E Jatim' }).where(eq(institutions.id, cert.issuerId)).run();
      await tx
        .update(certificates)
        .set({ title: 'Judul\u2066palsu\u2069\u0085', status: 'REVOKED', revokedAt: new Date(), revocationReason: storable('Data\u0000 tidak\u200F sah\nlagi') })
        .where(eq(certificates.id, cert.id))
        .run();
    });
  });

  it('shows the verification page without them', async () => {
    const response = await fetch(`${base}/certificates/${code}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toMatch(FORBIDDEN);
    expect(html).toContain('<dd>EvilName</dd>');
    expect(html).toContain('<dd>Judulpalsu </dd>');
    expect(html).toContain('<dd>BPSDM Jatim</dd>');
    expect(html).toContain('Alasan: Data tidak sah lagi');
  });

  it('prints the PDF without them', async () => {
    const response = await fetch(`${base}/certificates/${code}.pdf`);
    expect(response.status).toBe(200);
    const [page] = await readPdf(new Uint8Array(await response.arrayBuffer()));
    expect(page.text).not.toMatch(FORBIDDEN);
    expect(page.text).toContain('EvilName');
    expect(page.text).toContain('Judulpalsu');
    expect(page.text).toContain('BPSDM Jatim');
    expect(page.text).toContain('Alasan: Data tidak sah lagi');
  });
});

/**
 * A NUL in what a query looks up: SQLite compares such text, PostgreSQL
 * refuses it as a parameter. Every root query field, every text argument and
 * text field of its filters given one, on every engine: an answer or a clear
 * error, never a 500.
 */
describe('a NUL in the text a query looks up', () => {
  const NUL = 'a\u0000b';
  const valueFor = (type: GraphQLInputType, depth = 0): unknown => {
    const named = getNamedType(type);
    const value = (() => {
      if (isEnumType(named)) return named.getValues()[0].value;
      if (isInputObjectType(named)) {
        if (depth > 2) return undefined;
        return Object.fromEntries(Object.values(named.getFields()).flatMap((f) => (f.name === 'expectedRevision' ? [] : [[f.name, valueFor(f.type, depth + 1)]])));
      }
      return { String: NUL, ID: NUL, Int: 1, Float: 1, Boolean: true, DateTime: '2024-01-01T00:00:00Z', Date: '2024-01-01' }[named.name] ?? NUL;
    })();
    return isListType(isNonNullType(type) ? type.ofType : type) ? [value] : value;
  };
  const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));
  const fields = Object.values(schema.getQueryType()!.getFields()).filter((f) => f.args.length > 0);

  it.each(fields.map((f) => [f.name, f] as const))('%s', async (_name, field) => {
    const variables = Object.fromEntries(field.args.map((a) => [a.name, valueFor(a.type)]));
    const declared = field.args.map((a) => `$${a.name}: ${a.type}`).join(', ');
    const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const r = await t.gql(`query (${declared}) { ${field.name}(${passed}) { __typename } }`, variables);
    expect(r.errors?.map((e) => e.extensions?.code) ?? [], JSON.stringify(r.errors)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(r.status).toBeLessThan(500);
  });

  it.each(['/certificates/a%00b', '/certificates/a%00b.pdf', '/issuers/a%00b', '/competencies/a%00b'])('GET %s', async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});
