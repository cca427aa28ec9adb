import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANONYMOUS, SYSTEM } from '../../../src/auth/viewer';
import type { Services } from '../../../src/composition/services';
import type { Database } from '../../../src/db/database';
import { createPositionLoaders } from '../../../src/modules/positions/position.loaders';
import type { PositionData } from '../../../src/modules/positions/position.service';
import { openServices, refusal, unwrap, viewerOf } from '../../support/services';
import { sqlCount } from '../../support/sql';

let db: Database;
let services: Services;

beforeEach(async () => {
  ({ db, services } = await openServices());
  const levels = [1, 2, 3, 4, 5].map((level) => ({ level, description: `Level ${level}` }));
  unwrap(
    'framework',
    await services.competencies.upsertFramework(SYSTEM, {
      code: 'PERMENPANRB-38-2017',
      name: 'Kompetensi manajerial',
      version: 1,
      competencies: [
        { code: 'M.01', name: 'Integritas', group: 'MANAGERIAL', levels },
        { code: 'M.02', name: 'Kerjasama', group: 'MANAGERIAL', levels },
        { code: 'TPK.01', name: 'Analisis Data Kemiskinan', group: 'TECHNICAL', levels },
      ],
    }),
  );
  unwrap('institution', await services.institutions.create(SYSTEM, { code: 'KAB', name: 'Kabupaten', kind: 'LOCAL_GOVERNMENT' }));
});
afterEach(() => db.close());

const PEKSOS: PositionData = {
  code: 'PEKSOS-AP',
  name: 'Pekerja Sosial Ahli Pertama',
  requirements: [
    { competencyCode: 'TPK.01', level: 2 },
    { competencyCode: 'M.01', level: 3 },
  ],
};

/** A position as the API reads it back: by id through the loaders, with its requirements by competency code. */
async function stored(id: number) {
  const loaders = createPositionLoaders(db);
  const codes = new Map([...(await services.competencies.byCodes(['M.01', 'M.02', 'TPK.01'])).values()].map((c) => [c.id, c.code]));
  const position = await loaders.positionById.load(id);
  const requirements = await loaders.requirementsByPosition.load(id);
  return {
    code: position?.code,
    name: position?.name,
    requirements: requirements.map((r) => ({ competencyCode: codes.get(r.competencyId), level: r.level })).sort((a, b) => a.competencyCode!.localeCompare(b.competencyCode!)),
  };
}

const positionCount = () => sqlCount(db, 'SELECT count(*) AS n FROM positions');
const requirementCount = () => sqlCount(db, 'SELECT count(*) AS n FROM position_requirements');

describe('PositionService.upsert', () => {
  it('creates a position with its competency requirements', async () => {
    const position = unwrap('position', await services.positions.upsert(SYSTEM, PEKSOS));
    expect(position).toMatchObject({ code: 'PEKSOS-AP', name: 'Pekerja Sosial Ahli Pertama' });
    expect(await stored(position.id)).toEqual({
      code: 'PEKSOS-AP',
      name: 'Pekerja Sosial Ahli Pertama',
      requirements: [
        { competencyCode: 'M.01', level: 3 },
        { competencyCode: 'TPK.01', level: 2 },
      ],
    });
  });

  it('trims codes and names', async () => {
    const position = unwrap(
      'position',
      await services.positions.upsert(SYSTEM, { code: '  AKP-AM ', name: ' Analis Kebijakan ', requirements: [{ competencyCode: ' M.02 ', level: 4 }] }),
    );
    expect(await stored(position.id)).toEqual({ code: 'AKP-AM', name: 'Analis Kebijakan', requirements: [{ competencyCode: 'M.02', level: 4 }] });
  });

  it('is idempotent: the same input twice leaves one position with the same requirements', async () => {
    const first = unwrap('first', await services.positions.upsert(SYSTEM, PEKSOS));
    const before = await stored(first.id);
    const second = unwrap('second', await services.positions.upsert(SYSTEM, PEKSOS));
    expect(second.id).toBe(first.id);
    expect(await stored(second.id)).toEqual(before);
    expect(await positionCount()).toBe(1);
    expect(await requirementCount()).toBe(2);
  });

  it('replaces the whole list: requirements left out are removed, levels and name change', async () => {
    const first = unwrap('first', await services.positions.upsert(SYSTEM, PEKSOS));
    const second = unwrap(
      'second',
      await services.positions.upsert(SYSTEM, {
        code: 'PEKSOS-AP',
        name: 'Pekerja Sosial (Ahli Pertama)',
        requirements: [
          { competencyCode: 'M.01', level: 5 },
          { competencyCode: 'M.02', level: 1 },
        ],
      }),
    );
    expect(second.id).toBe(first.id);
    expect(await stored(first.id)).toEqual({
      code: 'PEKSOS-AP',
      name: 'Pekerja Sosial (Ahli Pertama)',
      requirements: [
        { competencyCode: 'M.01', level: 5 },
        { competencyCode: 'M.02', level: 1 },
      ],
    });
    const cleared = unwrap('cleared', await services.positions.upsert(SYSTEM, { ...PEKSOS, requirements: [] }));
    expect((await stored(cleared.id)).requirements).toEqual([]);
    expect(await requirementCount()).toBe(0);
  });

  it('keeps positions apart by code', async () => {
    const a = unwrap('a', await services.positions.upsert(SYSTEM, PEKSOS));
    const b = unwrap('b', await services.positions.upsert(SYSTEM, { code: 'AKP-AM', name: 'Analis Kebijakan', requirements: [{ competencyCode: 'M.02', level: 3 }] }));
    expect(b.id).not.toBe(a.id);
    expect((await stored(a.id)).requirements).toHaveLength(2);
    expect((await stored(b.id)).requirements).toEqual([{ competencyCode: 'M.02', level: 3 }]);
  });

  it('accepts levels 1 and 5 and refuses 0, 6 and fractions, each at its own path', async () => {
    const edges = await services.positions.upsert(SYSTEM, {
      ...PEKSOS,
      requirements: [
        { competencyCode: 'M.01', level: 1 },
        { competencyCode: 'M.02', level: 5 },
      ],
    });
    expect(edges.ok).toBe(true);
    const bad = await services.positions.upsert(SYSTEM, {
      code: 'AKP-AM',
      name: 'Analis',
      requirements: [
        { competencyCode: 'M.01', level: 0 },
        { competencyCode: 'M.02', level: 6 },
        { competencyCode: 'TPK.01', level: 2.5 },
      ],
    });
    expect(bad).toEqual({
      ok: false,
      errors: [0, 1, 2].map((i) => expect.objectContaining({ field: ['requirements', String(i), 'level'], code: 'OUT_OF_RANGE' })),
    });
  });

  it('reports unknown competency codes, repeated competencies, a bad code and a missing name together, and writes nothing', async () => {
    const result = await services.positions.upsert(SYSTEM, {
      code: 'bad code!',
      name: '   ',
      requirements: [
        { competencyCode: 'M.01', level: 2 },
        { competencyCode: 'M.99', level: 2 },
        { competencyCode: 'M.01 ', level: 3 },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.field.join('.'), e.code])).toEqual([
      ['code', 'INVALID'],
      ['name', 'REQUIRED'],
      ['requirements.1.competencyCode', 'NOT_FOUND'],
      ['requirements.2.competencyCode', 'DUPLICATE'],
    ]);
    expect(result.errors[2].message).toContain('M.99');
    expect(await positionCount()).toBe(0);
  });

  it('leaves an existing position untouched when an update is refused', async () => {
    const first = unwrap('first', await services.positions.upsert(SYSTEM, PEKSOS));
    const before = await stored(first.id);
    const refused = await services.positions.upsert(SYSTEM, { ...PEKSOS, name: 'Renamed', requirements: [{ competencyCode: 'NOPE', level: 2 }] });
    expect(refused.ok).toBe(false);
    expect(await stored(first.id)).toEqual(before);
  });

  it('is for a superadmin only: other roles are FORBIDDEN, no token UNAUTHENTICATED, and nothing is written', async () => {
    const kab = (await services.institutions.findByCode('KAB'))!;
    for (const viewer of [viewerOf('INSTITUTION_ADMIN', { institution: kab }), viewerOf('SYNC_CLIENT', { institution: kab }), viewerOf('LEARNER', { learnerId: 1 })]) {
      expect(await refusal(() => services.positions.upsert(viewer, PEKSOS))).toBe('FORBIDDEN');
    }
    expect(await refusal(() => services.positions.upsert(ANONYMOUS, PEKSOS))).toBe('UNAUTHENTICATED');
    expect(await positionCount()).toBe(0);
    expect(await services.positions.upsert(viewerOf('SUPERADMIN'), PEKSOS)).toMatchObject({ ok: true });
  });

  it('audits creation and update under the viewer’s name', async () => {
    await services.positions.upsert(viewerOf('SUPERADMIN'), PEKSOS);
    await services.positions.upsert(SYSTEM, { ...PEKSOS, requirements: [] });
    const entries = (await services.audit.list(SYSTEM, { action: 'upsertPosition' })).edges.map((e) => [e.node.actor, e.node.targetId, e.node.summary]);
    expect(entries).toEqual([
      ['system', 'PEKSOS-AP', 'Updated position PEKSOS-AP with 0 competency requirements'],
      ['test superadmin', 'PEKSOS-AP', 'Created position PEKSOS-AP with 2 competency requirements'],
    ]);
  });
});

describe('positions as learners hold them', () => {
  it('lets an import name an upserted position by code', async () => {
    const position = unwrap('position', await services.positions.upsert(SYSTEM, PEKSOS));
    unwrap(
      'learner',
      await services.learners.importLearners(SYSTEM, {
        institutionCode: 'KAB',
        learners: [{ nip: '198501012010011001', name: 'Budi', employmentType: 'PNS', positionCode: 'PEKSOS-AP' }],
      }),
    );
    expect((await services.learners.getByNip(SYSTEM, '198501012010011001'))?.positionId).toBe(position.id);
  });
});
