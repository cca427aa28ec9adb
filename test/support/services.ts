import { SYSTEM, type Viewer } from '../../src/auth/viewer';
import { AppError } from '../../src/core/errors';
import { createServices, type Services } from '../../src/composition/services';
import { connectDatabase } from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { freshDatabaseUrl } from './test-database';
import type { InstitutionRow, RoleName } from '../../src/db/schema';

import { unwrap } from '../../src/seed/unwrap';

export { unwrap };

/** The feature services over a fresh, migrated in-memory database: no HTTP, no GraphQL. Close `db` when done. */
export async function openServices(): Promise<{ db: Database; services: Services }> {
  const db = await connectDatabase(await freshDatabaseUrl(null));
  return { db, services: createServices(db, { publicBaseUrl: 'http://localhost', databasePath: db.path }) };
}

/** The viewer a token of `role` resolves to: an admin or sync client of `institution`, or the learner `learnerId`. */
export function viewerOf(role: RoleName, scope: { institution?: InstitutionRow; learnerId?: number } = {}): Viewer {
  return {
    authenticated: true,
    role,
    tokenId: null,
    tokenName: `test ${role.toLowerCase()}`,
    institutionId: scope.institution?.id ?? null,
    institutionPath: scope.institution?.path ?? null,
    learnerId: scope.learnerId ?? null,
    authenticatedBy: 'API_TOKEN',
  };
}

/** The AppError code of what `run` throws or rejects with; fails the test when it succeeds. */
export async function refusal(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected an AppError, but the call succeeded');
}

/** A valid PNS NIP (born 1 Jan 1985, CPNS Jan 2010, male) with serial `n` (1-999). */
export const nipOf = (n: number) => `198501012010011${String(n).padStart(3, '0')}`;

/**
 * A PUBLISHED curriculum of `modules` owned by `ownerCode`, so cohorts can be
 * opened on it; its one outcome develops competency TPK.01 (created if missing).
 */
export async function publishCurriculum(
  services: Services,
  input: { code: string; title: string; ownerCode: string; modules: { code: string; jp: number }[] },
): Promise<void> {
  const levels = [1, 2, 3, 4, 5].map((level) => ({ level, description: `Level ${level}` }));
  const competencies = [{ code: 'TPK.01', name: 'Analisis Data Kemiskinan', group: 'TECHNICAL' as const, levels }];
  unwrap('framework', await services.competencies.upsertFramework(SYSTEM, { code: 'TPK', name: 'Pengentasan kemiskinan', version: 1, competencies }));
  const { results } = unwrap(
    'curriculum',
    await services.curriculumSync.sync(SYSTEM, {
      curricula: [
        {
          code: input.code,
          version: 1,
          title: input.title,
          ownerCode: input.ownerCode,
          status: 'PUBLISHED',
          approach: 'OUTCOME_BASED',
          outcomes: [{ code: 'CP1', statement: 'Menganalisis data kemiskinan', competencyCode: 'TPK.01', targetLevel: 3 }],
          modules: input.modules.map((m, i) => ({ ...m, title: m.code, deliveryMode: 'CLASSROOM' as const, sequence: i + 1, outcomeCodes: ['CP1'] })),
        },
      ],
    }),
  );
  if (results[0].outcome === 'INVALID') throw new Error(`Curriculum ${input.code}: ${JSON.stringify(results[0].userErrors)}`);
}
