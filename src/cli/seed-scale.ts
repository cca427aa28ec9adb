import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { databasePath } from '../db/engine';
import { openDatabase } from '../db/database';
import { DEFAULT_LEARNERS, scalePlan } from '../seed/scale/plan';
import { databaseBytes, seedScale } from '../seed/scale/seed-scale';
import { createServices } from '../composition/services';

/** `npm run seed:scale -- --learners N`: a national-scale data set in DATABASE_URL (default ./data/scale.sqlite). */
async function main() {
  const { values } = parseArgs({ options: { learners: { type: 'string', default: String(DEFAULT_LEARNERS) } } });
  const path = databasePath(process.env.DATABASE_URL || './data/scale.sqlite');
  if (path === ':memory:' || existsSync(path)) throw new Error(`${path} exists: seed:scale builds a new database; remove it or set DATABASE_URL`);
  const plan = scalePlan(Number(values.learners));
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  log(`seeding ${path}: ${JSON.stringify(plan)}`);
  const db = openDatabase(path);
  const services = createServices(db, { publicBaseUrl: 'http://localhost:4000', databasePath: path });
  const summary = await seedScale(db, services, plan, log);
  db.close();
  console.log('\n| table | rows |\n| --- | ---: |');
  for (const [table, n] of Object.entries(summary.rows)) console.log(`| ${table} | ${n.toLocaleString('en')} |`);
  console.log(`\n${plan.learners.toLocaleString('en')} learners in ${summary.seconds.toFixed(0)} s; database ${(databaseBytes(path) / 2 ** 20).toFixed(0)} MiB at ${path}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
