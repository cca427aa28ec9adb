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
 * use, and writes one token per role beside the database. Returns null when
 * the database already holds data.
 */
export async function seedDemoData({ db, services, config, logger }: SeedDeps): Promise<{ tokensFile: string } | null> {
  if (db.read.select({ id: institutions.id }).from(institutions).limit(1).get()) return null;
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
  const dir = config.databasePath === ':memory:' ? resolve('data') : dirname(resolve(config.databasePath));
  const tokensFile = join(dir, 'demo-tokens.txt');
  writeFileSync(tokensFile, `${lines.join('\n')}\n`, { mode: 0o600 });
  return { tokensFile };
}
