import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { Database, Db } from '../../db/database';
import type { SubjectType } from '../../db/schema';
import { loadCompetencies, loadSubject, type Subject } from './subject';

/** Finds sessions and cohorts for certificates and assessments, with the viewer's scope applied. */
export class SubjectService {
  constructor(private readonly db: Database) {}

  find(type: SubjectType, id: number, db: Db = this.db.read): Promise<Subject | null> {
    return loadSubject(db, type, id);
  }

  /** Competencies a subject develops, for the credential's alignments. */
  competencies(subject: Subject): Promise<{ code: string; name: string }[]> {
    return loadCompetencies(this.db.read, subject);
  }

  /** The subject, if the viewer administers its organiser (see `policy.requireManaged`). */
  async requireManaged(viewer: Viewer, type: SubjectType, id: number): Promise<Subject> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    return policy.requireManaged(viewer, await this.find(type, id), (s) => s.institutionPath, type === 'SESSION' ? 'Webinar session' : 'Cohort');
  }
}
