/**
 * Hostile values (huge strings, wrong types, injection-looking text, invalid
 * dates, odd unicode incl. lone surrogates, extreme numbers) at every mutation
 * in schema.graphql, as a SUPERADMIN so that access never stops them first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { buildSchema, isNonNullType, type GraphQLField } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoNip } from '../../src/seed/demo-people';
import { hostileValue, type Known } from './hostile-values';
import { buildWorld, tableCounts, type World } from './world';
import { onSqlite } from '../support/test-database';

const schema = buildSchema(readFileSync(join(__dirname, '../../schema.graphql'), 'utf8'));
const mutations = Object.values(schema.getMutationType()!.getFields());

/** The operation for one mutation: every argument a variable, answering its top-level userErrors. */
function operation(field: GraphQLField<unknown, unknown>): string {
  const defs = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  return `mutation Hostile(${defs}) { ${field.name}(${args}) { userErrors { field code message } } }`;
}

let w: World;
const seen = { refused: 0, userErrors: 0, written: 0 };

let known: Known;
beforeAll(async () => {
  w = await buildWorld({ RATE_LIMIT_COST_PER_MINUTE: '100000000' });
  const institutions = ['KAB-PROBOLINGGO', 'BPSDM-JATIM', 'DINSOS-PROBOLINGGO'];
  known = {
    nip: [w.learnerNip, demoNip(3), demoNip(15), '199001012015011999'],
    nips: [w.learnerNip, demoNip(4)],
    email: ['mulyono@bumdes-sumberasih.id', 'someone@example.org'],
    institutionCode: institutions,
    parentCode: institutions,
    organizerCode: institutions,
    ownerCode: institutions,
    sessionId: [w.sessionId],
    cohortId: [w.cohortId],
    assessmentId: [w.assessmentId],
    rowId: [w.unmatchedRowId],
    competencyCode: ['TPK.01', 'M.01'],
    competencyCodes: ['TPK.01', 'M.05'],
    seriesCode: ['MITK'],
    curriculumCode: ['APK-PROBOLINGGO'],
    moduleCode: ['M01', 'M02'],
    outcomeCodes: ['CP1'],
    certificateRuleCode: ['MITK-E-CERT'],
    number: [w.certificateNumber],
    code: ['HOSTILE-1', 'MITK', 'APK-PROBOLINGGO'],
    name: ['Budi Santoso'],
    title: ['Judul'],
    csv: [readFileSync(join(__dirname, '../fixtures/zoom/meeting-newer.csv'), 'utf8')],
    url: ['https://hr.probolinggokab.go.id/hook'],
  };
}, 120_000);
afterAll(() => w.t.close());

describe('hostile input to every mutation (fast-check)', () => {
  it.each(mutations.map((m) => m.name))('%s: never a 500, and nothing written when refused', async (name) => {
    const field = mutations.find((m) => m.name === name)!;
    const doc = operation(field);
    const variables = fc.record(Object.fromEntries(field.args.map((a) => [a.name, hostileValue(a.type, a.name, known)])), {
      requiredKeys: field.args.filter((a) => isNonNullType(a.type)).map((a) => a.name),
    });
    await fc.assert(
      fc.asyncProperty(variables, async (vars) => {
        const before = await tableCounts(w.t);
        const r = await w.t.gql(doc, vars);
        expect(r.status).toBeLessThan(500);
        expect((r.errors ?? []).map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
        const payload = r.data?.[name] as { userErrors: unknown[] } | null | undefined;
        const kind = r.errors?.length ? 'refused' : payload?.userErrors.length ? 'userErrors' : 'written';
        seen[kind]++;
        if (r.errors?.length || payload?.userErrors.length) expect(await tableCounts(w.t)).toEqual(before);
      }),
      { numRuns: 20 },
    );
  });

  it('reached the services (userErrors, writes), not only variable coercion', () => {
    expect(seen.userErrors).toBeGreaterThan(seen.refused / 2);
    expect(seen.written).toBeGreaterThan(0);
  });

  // SQLite-only by nature: PRAGMAs. PostgreSQL checks its foreign keys at every write, with no check to run afterwards.
  it.skipIf(!onSqlite)('leaves a database that passes PRAGMA integrity_check and foreign_key_check', () => {
    expect(w.t.app.db.readRaw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(w.t.app.db.readRaw.pragma('foreign_key_check')).toEqual([]);
  });
});
