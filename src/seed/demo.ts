import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { SYSTEM } from '../auth/viewer';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { institutions, type RoleName } from '../db/schema';
import type { Services } from '../composition/services';
import { seedDemoCurricula } from './demo-curricula';
import { DEMO_INSTITUTIONS, DEMO_LEARNERS } from './demo-people';
import { seedDemoWebinars } from './demo-webinars';
import { seedDemoCertificates, seedDemoRules } from './demo-certificates';
import { unwrap } from './unwrap';

export interface SeedDeps {
  db: Database;
  services: Services;
  config: Config;
  logger: Logger;
}


const DEMO_TOKENS: { name: string; role: RoleName; institutionCode?: string; nip?: string }[] = [
  { name: 'demo superadmin', role: 'SUPERADMIN' },
  { name: 'demo BPSDM Jatim admin', role: 'INSTITUTION_ADMIN', institutionCode: 'BPSDM-JATIM' },
  { name: 'demo Kabupaten Probolinggo admin', role: 'INSTITUTION_ADMIN', institutionCode: 'KAB-PROBOLINGGO' },
  { name: 'demo Probolinggo CorpU sync', role: 'SYNC_CLIENT', institutionCode: 'KAB-PROBOLINGGO' },
  { name: 'demo learner', role: 'LEARNER', nip: DEMO_LEARNERS[0].nip },
];

/**
 * Seeds the demo on an empty database, through the same services clients
 * use, and hands out one token per role (see publishTokens). Returns null
 * when the database already holds data.
 */
export async function seedDemoData({ db, services, config, logger }: SeedDeps): Promise<{ tokensFile: string | null } | null> {
  if (await db.read.select({ id: institutions.id }).from(institutions).limit(1).get()) return null;
  logger.info('Empty database: seeding demo data');
  for (const institution of DEMO_INSTITUTIONS) {
    unwrap(`institution ${institution.code}`, await services.institutions.create(SYSTEM, institution));
  }
  const byInstitution = new Map<string, typeof DEMO_LEARNERS>();
  for (const l of DEMO_LEARNERS) byInstitution.set(l.institutionCode, [...(byInstitution.get(l.institutionCode) ?? []), l]);
  for (const [institutionCode, people] of byInstitution) {
    unwrap(`learners of ${institutionCode}`, await services.learners.importLearners(SYSTEM, { institutionCode, learners: people }));
  }
  await seedDemoRules(services, unwrap);
  await seedDemoCurricula(services, unwrap);
  await seedDemoWebinars(services, unwrap);
  await seedDemoCertificates(services, unwrap);

  const lines = [
    '# Bangkom demo tokens, one per role. Send as: Authorization: Bearer <token>',
    '# Generated on first start; they are stored only as hashes in the database.',
  ];
  for (const spec of DEMO_TOKENS) {
    const { token } = unwrap(`token ${spec.name}`, await services.access.create(SYSTEM, spec));
    lines.push(`${spec.role.padEnd(18)} ${token}  # ${spec.name}`);
  }
  return { tokensFile: publishTokens(`${lines.join('\n')}\n`, config, logger) };
}

/**
 * A database file gets its tokens in a file beside it, for the operator to
 * keep. An in-memory database lives as long as the process, so its tokens are
 * printed once on stdout (never logged: the log carries no secrets) and the
 * file that belongs to the real database is left alone.
 */
function publishTokens(text: string, config: Config, logger: Logger): string | null {
  if (config.databasePath === ':memory:') {
    logger.info('Demo data seeded in memory; its tokens are printed on stdout and saved nowhere');
    process.stdout.write(`${text}\n`);
    return null;
  }
  const tokensFile = join(dirname(resolve(config.databasePath)), 'demo-tokens.txt');
  writeFileSync(tokensFile, text, { mode: 0o600 });
  logger.info({ tokensFile }, `Demo data seeded; one token per role written to ${tokensFile}`);
  return tokensFile;
}
