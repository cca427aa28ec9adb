import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleTargets, type HotTargets } from '../../bench/support/hot-operations';
import { openDatabase } from '../../src/db/database';
import { scalePlan } from '../../src/seed/scale/plan';
import { seedScale } from '../../src/seed/scale/seed-scale';
import { createServices } from '../../src/composition/services';

export interface GeneratedSet {
  path: string;
  /** The learner, session, certificate and institution the hot operations ask about. */
  targets: HotTargets;
  remove(): void;
}

/** A database file built by the scale generator in a temp dir, closed and ready for servers to open. */
export async function generatedSet(name: string, learners: number): Promise<GeneratedSet> {
  const dir = mkdtempSync(join(tmpdir(), `bangkom-${name}-`));
  const path = join(dir, `${name}.sqlite`);
  const db = openDatabase(path);
  try {
    await seedScale(db, createServices(db, { publicBaseUrl: 'http://localhost', databasePath: path }), scalePlan(learners), () => {});
    return { path, targets: sampleTargets(db), remove: () => rmSync(dir, { recursive: true, force: true }) };
  } finally {
    db.close();
  }
}
