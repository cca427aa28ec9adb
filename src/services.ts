import type { Database } from './db/database';
import { AccessService } from './modules/access/access.service';
import { AuditService } from './modules/audit/audit.service';
import { CredentialService, type CredentialConfig } from './modules/credentials/credential.service';
import { InstitutionService } from './modules/institutions/institution.service';
import { LearnerService } from './modules/learners/learner.service';

/** The composition root of the feature services; one set per process. */
export function createServices(db: Database, config: CredentialConfig) {
  const institutions = new InstitutionService(db);
  const learners = new LearnerService(db, institutions);
  return {
    access: new AccessService(db, institutions),
    audit: new AuditService(db),
    credentials: new CredentialService(config),
    institutions,
    learners,
  };
}

export type Services = ReturnType<typeof createServices>;
