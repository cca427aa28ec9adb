import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { Database, Db } from '../../db/database';
import type { SubjectType } from '../../db/schema';
import { forbidden, notFound } from '../../core/errors';
import { loadCompetencies, loadSubject, type Subject } from './subject';

/** Finds sessions and cohorts for certificates and assessments, with the viewer's scope applied. */
export class SubjectService {
  constructor(private readonly db: Database) {}

  find(type: SubjectType, id: number, db: Db = this.db.read): Subject | null {
    return loadSubject(db, type, id);
  }

  /** Competencies a subject develops, for the credential's alignments. */
  competencies(subject: Subject): { code: string; name: string }[] {
    return loadCompetencies(this.db.read, subject);
  }

  /** The subject, if the viewer administers its organiser; NOT_FOUND / FORBIDDEN otherwise. */
  requireManaged(viewer: Viewer, type: SubjectType, id: number): Subject {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const subject = this.find(type, id);
    if (!subject) throw notFound(type === 'SESSION' ? 'Webinar session' : 'Cohort');
    if (!policy.canManageInstitution(viewer, subject.institutionPath)) {
      throw forbidden(`Only admins of ${subject.institutionCode} manage ${subject.label}`);
    }
    return subject;
  }
}
