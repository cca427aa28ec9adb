import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { competency, count, seedBasics, statementsOf, TECH_FRAMEWORK, upsertFramework } from './fixtures';
import { sqlRow, sqlRows } from '../../support/sql';

let t: TestApp;
let nips: string[];
beforeAll(async () => {
  t = await startTestApp();
  ({ nips } = await seedBasics(t));
});
afterAll(() => t.close());

describe('upsertCompetencyFramework', () => {
  it('creates, then reports UNCHANGED for the same content and UPDATED for a change', async () => {
    const created = await upsertFramework(t);
    expect(created.outcome).toBe('CREATED');
    expect(created.framework.competencies.map((c: { code: string }) => c.code)).toEqual(['TPK.01', 'TPK.02']);
    expect(created.framework.competencies[0].levels).toHaveLength(5);

    const audits = await count(t, "audit_log WHERE action = 'upsertCompetencyFramework'");
    expect((await upsertFramework(t)).outcome).toBe('UNCHANGED');
    expect(await count(t, "audit_log WHERE action = 'upsertCompetencyFramework'")).toBe(audits);

    const changed = await upsertFramework(t, {
      ...TECH_FRAMEWORK,
      version: 2,
      competencies: [...TECH_FRAMEWORK.competencies, competency('TPK.03', 'Monitoring Program')],
    });
    expect(changed.outcome).toBe('UPDATED');
    expect(changed.framework).toMatchObject({ version: 2 });
    expect(changed.framework.competencies).toHaveLength(3);
  });

  it('reports every problem and writes nothing', async () => {
    const before = await count(t, 'competencies');
    const bad = await upsertFramework(t, {
      code: 'BAD',
      name: 'Bad',
      version: 1,
      competencies: [
        { code: 'B.1', name: 'One', group: 'MANAGERIAL', levels: [{ level: 6, description: 'too high' }] },
        { code: 'B.1', name: 'Again', group: 'MANAGERIAL', levels: [{ level: 1, description: 'x' }] },
        { code: 'TPK.01', name: 'Taken', group: 'TECHNICAL', levels: [{ level: 1, description: 'x' }] },
      ],
    });
    expect(bad.outcome).toBe('INVALID');
    expect(bad.framework).toBeNull();
    expect(bad.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: ['competencies', '0', 'levels', '0', 'level'], code: 'OUT_OF_RANGE' }),
        expect.objectContaining({ field: ['competencies', '1', 'code'], code: 'DUPLICATE' }),
      ]),
    );
    expect(await count(t, 'competencies')).toBe(before);
    const taken = await upsertFramework(t, { code: 'BAD', name: 'Bad', version: 1, competencies: [competency('TPK.01')] });
    expect(taken.userErrors).toEqual([expect.objectContaining({ field: ['competencies', '0', 'code'], code: 'DUPLICATE' })]);
    expect(await count(t, "competency_frameworks WHERE code = 'BAD'")).toBe(0);
  });

  it('lets a SYNC_CLIENT own what it creates, and nobody else but a superadmin change it', async () => {
    const kab = await t.token('SYNC_CLIENT', { institutionCode: 'KAB' });
    const other = await t.token('SYNC_CLIENT', { institutionCode: 'OTHER' });
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB' });
    const input = { code: 'KAB-T', name: 'Teknis KAB', version: 1, competencies: [competency('KAB.01')] };
    expect((await upsertFramework(t, input, kab)).outcome).toBe('CREATED');
    const owner = await sqlRow<{ code: string }>(t.app.db, "SELECT i.code FROM competency_frameworks f JOIN institutions i ON i.id = f.owner_id WHERE f.code = 'KAB-T'");
    expect(owner?.code).toBe('KAB');
    const denied = await t.gql(op('UpsertCompetencyFramework'), { input: { ...input, name: 'Hijacked' } }, other);
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const adminDenied = await t.gql(op('UpsertCompetencyFramework'), { input: { ...input, name: 'x' } }, admin);
    expect(adminDenied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await upsertFramework(t, { ...input, name: 'Teknis KAB (rev)' })).outcome).toBe('UPDATED');
  });

  it('refuses to drop a competency that a position uses', async () => {
    const input = { code: 'DROP', name: 'Drop', version: 1, competencies: [competency('D.1'), competency('D.2')] };
    await upsertFramework(t, input);
    const pos = dataOf(
      await t.gql(op('UpsertPosition'), { input: { code: 'P-D', name: 'Pos', requirements: [{ competencyCode: 'D.2', level: 2 }] } }),
    );
    expect(pos.upsertPosition.userErrors).toEqual([]);
    const r = await upsertFramework(t, { ...input, competencies: [competency('D.1')] });
    expect(r.userErrors[0]).toMatchObject({ code: 'IN_USE' });
    expect(await count(t, "competencies WHERE code = 'D.2'")).toBe(1);
  });
});

describe('competencyFrameworks', () => {
  it('is public and costs the same number of statements for 2 or 20 frameworks', async () => {
    const fresh = await startTestApp();
    try {
      const list = async () => {
        let frameworks: any[] = [];
        const statements = await statementsOf(fresh, async () => {
          frameworks = dataOf(await fresh.gql(op('CompetencyFrameworks'), {}, null)).competencyFrameworks;
        });
        return { frameworks, statements };
      };
      for (let i = 0; i < 2; i++) await upsertFramework(fresh, { code: `F${i}`, name: `F${i}`, version: 1, competencies: [competency(`F${i}.1`), competency(`F${i}.2`)] });
      const small = await list();
      expect(small.frameworks).toHaveLength(2);
      for (let i = 2; i < 20; i++) await upsertFramework(fresh, { code: `F${i}`, name: `F${i}`, version: 1, competencies: [competency(`F${i}.1`), competency(`F${i}.2`)] });
      const large = await list();
      expect(large.frameworks).toHaveLength(20);
      expect(large.frameworks.find((f: { code: string }) => f.code === 'F19').competencies[1].levels[4]).toEqual({ level: 5, description: 'F19.2 level 5' });
      expect(large.statements).toBe(small.statements);
    } finally {
      await fresh.close();
    }
  });
});

describe('upsertPosition', () => {
  it('creates and replaces requirements', async () => {
    const input = { code: 'PEKSOS', name: 'Pekerja Sosial', requirements: [{ competencyCode: 'TPK.01', level: 3 }] };
    const created = dataOf(await t.gql(op('UpsertPosition'), { input })).upsertPosition;
    expect(created.position).toEqual({ code: 'PEKSOS', name: 'Pekerja Sosial', requirements: [{ competency: { code: 'TPK.01' }, level: 3 }] });
    const replaced = dataOf(
      await t.gql(op('UpsertPosition'), { input: { ...input, requirements: [{ competencyCode: 'TPK.02', level: 4 }] } }),
    ).upsertPosition;
    expect(replaced.position.requirements).toEqual([{ competency: { code: 'TPK.02' }, level: 4 }]);
  });

  it('reports unknown competencies and bad levels', async () => {
    const r = dataOf(
      await t.gql(op('UpsertPosition'), {
        input: { code: 'X', name: 'X', requirements: [{ competencyCode: 'NOPE', level: 2 }, { competencyCode: 'TPK.01', level: 0 }] },
      }),
    ).upsertPosition;
    expect(r.position).toBeNull();
    expect(r.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual([
      ['requirements.0.competencyCode', 'NOT_FOUND'],
      ['requirements.1.level', 'OUT_OF_RANGE'],
    ]);
    expect(await count(t, "positions WHERE code = 'X'")).toBe(0);
  });

  it('is for superadmins only', async () => {
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB' });
    const r = await t.gql(op('UpsertPosition'), { input: { code: 'Y', name: 'Y', requirements: [] } }, admin);
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('recordCompetencyAssessments', () => {
  it('keeps history and replaces a repeat for the same time', async () => {
    const record = (assessments: unknown[], token?: string) =>
      t.gql(op('RecordCompetencyAssessments'), { input: { assessments } }, token);
    const a = (level: number, assessedAt: string) => ({ nip: nips[0], competencyCode: 'TPK.01', level, assessedAt });
    const admin = await t.token('INSTITUTION_ADMIN', { institutionCode: 'KAB' });
    const r = dataOf(await record([a(2, '2025-01-10T09:00:00+07:00'), a(3, '2025-06-10T09:00:00+07:00')], admin));
    expect(r.recordCompetencyAssessments).toEqual({ recorded: 2, userErrors: [] });
    dataOf(await record([a(4, '2025-06-10T09:00:00+07:00')]));
    const rows = await sqlRows<{ level: number }>(t.app.db, 'SELECT level FROM competency_assessments ORDER BY assessed_at');
    expect(rows.map((x) => x.level)).toEqual([2, 4]);
  });

  it('keeps the last of repeats for the same time within one call', async () => {
    const a = (level: number) => ({ nip: nips[1], competencyCode: 'TPK.01', level, assessedAt: '2025-03-03T09:00:00+07:00' });
    const r = dataOf(await t.gql(op('RecordCompetencyAssessments'), { input: { assessments: [a(2), a(5), a(3)] } }));
    expect(r.recordCompetencyAssessments).toEqual({ recorded: 3, userErrors: [] });
    const rows = await sqlRows<{ level: number }>(t.app.db, 'SELECT a.level FROM competency_assessments a JOIN learners l ON l.id = a.learner_id WHERE l.nip = ?', nips[1]);
    expect(rows.map((x) => x.level)).toEqual([3]);
  });

  it('reports unknown learners and competencies, and learners outside scope', async () => {
    const other = await t.token('INSTITUTION_ADMIN', { institutionCode: 'OTHER' });
    const before = await count(t, 'competency_assessments');
    const r = dataOf(
      await t.gql(
        op('RecordCompetencyAssessments'),
        {
          input: {
            assessments: [
              { nip: '199001012015011001', competencyCode: 'TPK.01', level: 2, assessedAt: '2025-01-01T00:00:00Z' },
              { nip: nips[1], competencyCode: 'NOPE', level: 2, assessedAt: '2025-01-01T00:00:00Z' },
            ],
          },
        },
        other,
      ),
    ).recordCompetencyAssessments;
    // Unknown and out of scope answer alike, so the answer does not tell whether the NIP exists.
    expect(r.userErrors.map((e: { field: string[]; code: string }) => [e.field.join('.'), e.code])).toEqual([
      ['assessments.0.nip', 'FORBIDDEN'],
      ['assessments.1.nip', 'FORBIDDEN'],
      ['assessments.1.competencyCode', 'NOT_FOUND'],
    ]);
    expect(await count(t, 'competency_assessments')).toBe(before);
  });
});
