import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYSTEM } from '../src/auth/viewer';
import { openDatabase } from '../src/db/database';
import type { CurriculumData } from '../src/modules/curricula/curriculum-content';
import { createServices } from '../src/composition/services';

const CURRICULA = 1_000;
const MODULES = 10;
const COMPETENCIES = 10;

function curriculum(i: number, title: string): CurriculumData {
  const outcomes = [0, 1, 2].map((k) => ({
    code: `LO${k + 1}`,
    statement: `Outcome ${k + 1} of curriculum ${i}`,
    competencyCode: `B.${(i + k) % COMPETENCIES}`,
    targetLevel: 1 + ((i + k) % 5),
  }));
  const modules = Array.from({ length: MODULES }, (_, m) => ({
    code: `M${m + 1}`,
    title: `Module ${m + 1}`,
    jp: 2 + (m % 4),
    deliveryMode: m % 3 === 0 ? ('FIELD_PROJECT' as const) : ('BLENDED' as const),
    sequence: m + 1,
    outcomeCodes: [`LO${(m % 3) + 1}`],
  }));
  return {
    code: `BENCH-${String(i).padStart(4, '0')}`,
    version: 1,
    title,
    ownerCode: 'BENCH-CU',
    status: 'PUBLISHED',
    approach: 'OUTCOME_BASED',
    outcomes,
    modules,
  };
}

/** syncCurricula through the service: 1,000 curricula x 10 modules, created, repeated unchanged, then updated. */
export async function bench(log: (line: string) => void): Promise<Record<string, number | string>> {
  const dir = mkdtempSync(join(tmpdir(), 'bangkom-bench-'));
  const databasePath = join(dir, 'bench.sqlite');
  const db = openDatabase(databasePath, { countStatements: true });
  try {
    const services = createServices(db, { publicBaseUrl: 'http://localhost', databasePath });
    const created = await services.institutions.create(SYSTEM, { code: 'BENCH-CU', name: 'Bench CorpU', kind: 'LOCAL_GOVERNMENT' });
    if (!created.ok) throw new Error('bench setup failed');
    const levels = [1, 2, 3, 4, 5].map((level) => ({ level, description: `level ${level}` }));
    await services.competencies.upsertFramework(SYSTEM, {
      code: 'BENCH',
      name: 'Bench',
      version: 1,
      competencies: Array.from({ length: COMPETENCIES }, (_, k) => ({ code: `B.${k}`, name: `B ${k}`, group: 'TECHNICAL' as const, levels })),
    });

    const figures: Record<string, number | string> = { curricula: CURRICULA, modulesEach: MODULES };
    for (const [phase, title, expected] of [
      ['create', 'Bench curriculum', 'CREATED'],
      ['unchanged', 'Bench curriculum', 'UNCHANGED'],
      ['update', 'Bench curriculum, revised', 'UPDATED'],
    ] as const) {
      const batch = Array.from({ length: CURRICULA }, (_, i) => curriculum(i, title));
      const statementsBefore = db.statements.count;
      const started = process.hrtime.bigint();
      const result = await services.curriculumSync.sync(SYSTEM, { curricula: batch });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const statements = db.statements.count - statementsBefore;
      if (!result.ok || result.value.results.some((r) => r.outcome !== expected)) throw new Error(`${phase}: not every outcome was ${expected}`);
      figures[`${phase}Seconds`] = Math.round(seconds * 1000) / 1000;
      figures[`${phase}CurriculaPerSecond`] = Math.round(CURRICULA / seconds);
      figures[`${phase}Statements`] = statements;
      figures[`${phase}StatementsPerCurriculum`] = Math.round((statements / CURRICULA) * 1000) / 1000;
      log(`syncCurricula ${phase}: ${CURRICULA} x ${MODULES} modules in ${seconds.toFixed(3)} s (${Math.round(CURRICULA / seconds)}/s), ${statements} SQL statements`);
    }
    return figures;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
