import type { Config } from './config';
import type { Database } from './db/database';
import { AccessService } from './modules/access/access.service';
import { AuditService } from './modules/audit/audit.service';
import { InstitutionService } from './modules/institutions/institution.service';
import { LearnerService } from './modules/learners/learner.service';
import { AttendanceImportService } from './modules/webinars/attendance-import.service';
import { AttendanceService } from './modules/webinars/attendance.service';
import { WebinarService } from './modules/webinars/webinar.service';

/** The composition root of the feature services; one set per process. */
export function createServices(db: Database, _config: Pick<Config, 'publicBaseUrl'>) {
  const institutions = new InstitutionService(db);
  const learners = new LearnerService(db, institutions);
  const webinars = new WebinarService(db, institutions);
  return {
    access: new AccessService(db, institutions),
    audit: new AuditService(db),
    institutions,
    learners,
    webinars,
    attendance: new AttendanceService(db, webinars, learners),
    attendanceImports: new AttendanceImportService(db, webinars),
  };
}

export type Services = ReturnType<typeof createServices>;
