import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import type { Database } from '../../db/database';
import { statement } from '../../db/statement';
import { jsonValuesText } from '../../db/portable';
import { defineTask, type ReadPool } from '../../db/read-pool';
import { selectByKeys } from '../../db/keyed';
import { institutions, type SubjectType } from '../../db/schema';
import { recordAudit, type AuditEntry } from '../audit/audit.writer';
import type { EligibilityService } from '../certificates/eligibility.service';
import type { InstitutionService } from '../institutions/institution.service';
import { inheritedTimeZone, pathIds, utcOffsetMinutes } from '../institutions/time-zone';
import { yearlyTargetJp } from '../learning-hours/earned-jp';
import { checkYear, onTrack, type LearningHoursService } from '../learning-hours/learning-hours.service';
import { LEARNER_COLUMNS, LEARNER_FROM, toMatchedLearner, type RawLearner } from '../learners/learner-matcher';
import { presentLearner } from '../learners/learner-view';
import type { WebinarService } from '../webinars/webinar.service';
import { formatInOffset } from '../webinars/zoom/zoom-time';
import type { ExportCell } from './table-stream';

/** Rows read per statement: what one page of an export holds in memory. */
export const EXPORT_PAGE = 1000;

/** A table ready to stream: the viewer was allowed and the export audited before any row is read. */
export interface ExportTable {
  /** File name without extension. */
  name: string;
  sheet: string;
  header: string[];
  pages: AsyncIterable<ExportCell[][]>;
}

const attendancePage = statement<[number, number, number], RawLearner & { minutes: number; source: string; firstJoinAt: number | null; lastLeaveAt: number | null }>(
  `SELECT ${LEARNER_COLUMNS}, a.minutes, a.source, a.first_join_at AS "firstJoinAt", a.last_leave_at AS "lastLeaveAt"
     FROM session_attendance a JOIN learners l ON l.id = a.learner_id JOIN institutions i ON i.id = l.institution_id
     WHERE a.session_id = ? AND a.learner_id > ? ORDER BY a.learner_id LIMIT ?`,
);
const certificatePage = statement<[number, number, number, number], RawLearner & { sequenceNo: number; number: string; status: string; title: string; jp: number; activityDate: string; issuedAt: number }>(
  `SELECT ${LEARNER_COLUMNS}, c.sequence_no AS "sequenceNo", c.number, c.status, c.title, c.jp, c.activity_date AS "activityDate", c.issued_at AS "issuedAt"
     FROM certificates c JOIN learners l ON l.id = c.learner_id JOIN institutions i ON i.id = l.institution_id
     WHERE c.issuer_id = ? AND c.sequence_year = ? AND c.sequence_no > ? ORDER BY c.sequence_no LIMIT ?`,
);
const subtreeOf = statement<[string], { id: number; code: string; name: string; path: string }>(
  `SELECT id, code, name, path FROM institutions WHERE path LIKE ? || '%' ORDER BY path`,
);
/** One institution's learners by name, after a (name, id) cursor: the learners_institution_name_idx order. */
const learnersPage = statement<[number, string, number, number], RawLearner>(
  // A row value, so that SQLite seeks to the cursor (institution_id = ? AND name > ?) instead of walking from the start.
  `SELECT ${LEARNER_COLUMNS} ${LEARNER_FROM}
     WHERE l.institution_id = ? AND (l.name, l.id) > (?, ?) ORDER BY l.name, l.id LIMIT ?`,
);
const yearCertificates = statement<[string, number], { learnerId: number; jp: number; numbers: string }>((dialect) =>
  dialect === 'sqlite'
    ? `SELECT learner_id AS "learnerId", sum(jp) AS jp, group_concat(number, ' ') AS numbers FROM (
       SELECT learner_id, jp, number FROM certificates
       WHERE learner_id IN (${jsonValuesText(dialect, 'integer')}) AND activity_year = ? AND status = 'VALID' ORDER BY activity_date, id)
     GROUP BY learner_id`
    : `SELECT learner_id AS "learnerId", sum(jp) AS jp, string_agg(number, ' ' ORDER BY activity_date, id) AS numbers FROM certificates
       WHERE learner_id IN (${jsonValuesText(dialect, 'integer')}) AND activity_year = ? AND status = 'VALID'
     GROUP BY learner_id`,
);
const byIds = statement<[string], RawLearner>(
  (dialect) => `SELECT ${LEARNER_COLUMNS} ${LEARNER_FROM} WHERE l.id IN (${jsonValuesText(dialect, 'integer')})`,
);

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** One page of an export, as the read pool is asked for it: plain data, the cursor included. */
type PageRequest = { viewer: Viewer } & (
  | { kind: 'attendance'; sessionId: number; utcOffsetMinutes: number; after: number }
  | { kind: 'eligibility'; type: SubjectType; subjectId: number; after: [string, number] | null }
  | { kind: 'certificates'; issuerId: number; year: number; utcOffsetMinutes: number; after: number }
  | { kind: 'learningHours'; rootPath: string; year: number; place: number; after: [string, number] }
);

interface PageAnswer {
  cells: ExportCell[][];
  /** The request for the next page; null after the last. */
  next: PageRequest | null;
}

/**
 * Lists an admin exports, scoped as the GraphQL fields that show them:
 * session attendance and eligibility (the organiser's admins), cohort
 * eligibility (the host's), certificates an issuer issued in a year (the
 * issuer's), and the JP of every learner of an institution's subtree (its
 * admins). A learner reached through an organiser's or issuer's path shows
 * the name and masked NIP only, as in GraphQL. Access is checked and the
 * export audited here; the rows are read and shaped page by page (keyset) on
 * the read pool, so an export of any size holds one page and the event loop
 * only writes the file.
 */
export class ExportService {
  constructor(
    private readonly db: Database,
    private readonly webinars: WebinarService,
    private readonly eligibility: EligibilityService,
    private readonly institutions: InstitutionService,
    private readonly hours: LearningHoursService,
    private readonly pool: ReadPool,
  ) {}

  async sessionAttendance(viewer: Viewer, sessionId: number): Promise<ExportTable> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const session = policy.requireManaged(viewer, await this.webinars.findSession(sessionId), (s) => s.organizerPath, 'Webinar session');
    const subject = `${session.seriesCode}#${session.number}`;
    await this.audit(viewer, { action: 'exportAttendance', targetType: 'WebinarSession', targetId: subject, institutionId: session.organizerId, summary: `Exported the attendance of ${subject}` });
    return {
      name: `attendance-${session.seriesCode}-${session.number}`,
      sheet: 'Attendance',
      header: ['NIP', 'Email', 'Name', 'Minutes', 'Source', 'First join', 'Last leave'],
      pages: this.pages({ viewer, kind: 'attendance', sessionId: session.id, utcOffsetMinutes: session.utcOffsetMinutes, after: 0 }),
    };
  }

  async eligibilityOf(viewer: Viewer, type: SubjectType, subjectId: number): Promise<ExportTable> {
    const { subject, rule, criteria } = await this.eligibility.exportHead(viewer, type, subjectId);
    await this.audit(viewer, {
      action: 'exportEligibility',
      targetType: type === 'SESSION' ? 'WebinarSession' : 'Cohort',
      targetId: subject.code,
      institutionId: subject.institutionId,
      summary: `Exported the eligibility list of ${subject.label}`,
    });
    return {
      name: `eligibility-${subject.code}`,
      sheet: 'Eligibility',
      header: ['NIP', 'Email', 'Name', `Eligible (${rule ? `${rule.code} v${rule.version}` : 'no rule'})`, ...criteria],
      pages: this.pages({ viewer, kind: 'eligibility', type, subjectId, after: null }),
    };
  }

  async certificates(viewer: Viewer, issuerCode: string, year: number): Promise<ExportTable> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const issuer = policy.requireManaged(viewer, await this.institutions.findByCode(issuerCode), (i) => i.path, 'Institution');
    checkYear(year);
    const chain = await selectByKeys(this.db.read, institutions, institutions.id, pathIds(issuer.path));
    const offset = utcOffsetMinutes(inheritedTimeZone(pathIds(issuer.path).map((id) => chain.find((c) => c.id === id))));
    await this.audit(viewer, { action: 'exportCertificates', targetType: 'Institution', targetId: issuer.code, institutionId: issuer.id, summary: `Exported the certificates ${issuer.code} issued in ${year}` });
    return {
      name: `certificates-${issuer.code}-${year}`,
      sheet: 'Certificates',
      // Issue times in the issuer's zone, as its certificate numbers count years.
      header: ['Number', 'Status', 'NIP', 'Email', 'Name', 'Title', 'JP', 'Activity date', 'Issued at'],
      pages: this.pages({ viewer, kind: 'certificates', issuerId: issuer.id, year, utcOffsetMinutes: offset, after: 0 }),
    };
  }

  /** Every learner of the subtree with the year's target, earned JP, pace and certificate numbers: what goes to the national ASN record. */
  async learningHours(viewer: Viewer, institutionCode: string, year: number): Promise<ExportTable> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const root = policy.requireManaged(viewer, await this.institutions.findByCode(institutionCode), (i) => i.path, 'Institution');
    checkYear(year);
    await this.audit(viewer, { action: 'exportLearningHours', targetType: 'Institution', targetId: root.code, institutionId: root.id, summary: `Exported the ${year} learning hours of ${root.code} and below` });
    return {
      name: `learning-hours-${root.code}-${year}`,
      sheet: `JP ${year}`,
      header: ['NIP', 'Email', 'Name', 'Institution code', 'Institution', 'Target JP', 'Earned JP', 'On track', 'Certificate numbers'],
      pages: this.pages({ viewer, kind: 'learningHours', rootPath: root.path, year, place: 0, after: ['', 0] }),
    };
  }

  /** The pages of an export, each read on the read pool when the file's writer asks for it. */
  private async *pages(first: PageRequest): AsyncIterable<ExportCell[][]> {
    for (let request: PageRequest | null = first; request; ) {
      const { cells, next }: PageAnswer = await this.pool.run(exportPageTask, request);
      if (cells.length) yield cells;
      request = next;
    }
  }

  /** One page of an export on this thread: what the read pool runs. */
  async pageHere(request: PageRequest): Promise<PageAnswer> {
    const db = this.db.read;
    const { viewer } = request;
    switch (request.kind) {
      case 'attendance': {
        const rows = await attendancePage(db).all(request.sessionId, request.after, EXPORT_PAGE);
        const time = (ms: number | null) => (ms === null ? null : formatInOffset(ms, request.utcOffsetMinutes));
        return {
          cells: rows.map((r) => {
            const l = presentLearner(viewer, toMatchedLearner(r));
            return [l.nip, l.email, l.name, r.minutes, r.source, time(r.firstJoinAt), time(r.lastLeaveAt)];
          }),
          next: rows.length < EXPORT_PAGE ? null : { ...request, after: rows[rows.length - 1].id },
        };
      }
      case 'eligibility': {
        const rows = await this.eligibility.exportRowsHere(viewer, request.type, request.subjectId, request.after, EXPORT_PAGE);
        const people = new Map((await byIds(db).all(JSON.stringify(rows.map((r) => r.learnerId)))).map((l) => [l.id, presentLearner(viewer, toMatchedLearner(l))]));
        const last = rows[rows.length - 1];
        return {
          cells: rows.map((r): ExportCell[] => {
            const l = people.get(r.learnerId);
            return [l?.nip ?? null, l?.email ?? null, r.name, yesNo(r.eligible), ...r.criteria.map((c) => c.actual)];
          }),
          next: rows.length < EXPORT_PAGE ? null : { ...request, after: [last.name, last.learnerId] },
        };
      }
      case 'certificates': {
        const rows = await certificatePage(db).all(request.issuerId, request.year, request.after, EXPORT_PAGE);
        return {
          cells: rows.map((r) => {
            const l = presentLearner(viewer, toMatchedLearner(r));
            return [r.number, r.status, l.nip, l.email, l.name, r.title, r.jp, r.activityDate, formatInOffset(r.issuedAt, request.utcOffsetMinutes)];
          }),
          next: rows.length < EXPORT_PAGE ? null : { ...request, after: rows[rows.length - 1].sequenceNo },
        };
      }
      case 'learningHours':
        return this.learningHoursPage(request);
    }
  }

  /**
   * The subtree's institutions in path order, each one's learners by (name,
   * id): `place` indexes the first, `after` is the cursor in it. A page fills
   * from as many institutions as it takes, and their targets and certificates
   * are read once for the whole page (on PostgreSQL each statement is a round trip).
   */
  private async learningHoursPage(request: Extract<PageRequest, { kind: 'learningHours' }>): Promise<PageAnswer> {
    const db = this.db.read;
    const { year } = request;
    const places = await subtreeOf(db).all(request.rootPath);
    const picked: { place: (typeof places)[number]; learner: RawLearner }[] = [];
    let next: PageRequest | null = null;
    for (let index = request.place, after = request.after; index < places.length; index++, after = ['', 0]) {
      const room = EXPORT_PAGE - picked.length;
      const rows = await learnersPage(db).all(places[index].id, after[0], after[1], room);
      for (const learner of rows) picked.push({ place: places[index], learner });
      if (rows.length === room) {
        const last = rows[rows.length - 1];
        next = { ...request, place: index, after: [last.name, last.id] };
        break;
      }
    }
    if (picked.length === 0) return { cells: [], next: null };
    const targets = await this.hours.targetsFor([...new Set(picked.map((p) => p.place.id))]);
    const earned = new Map((await yearCertificates(db).all(JSON.stringify(picked.map((p) => p.learner.id)), year)).map((c) => [c.learnerId, c]));
    return {
      cells: picked.map(({ place, learner: r }): ExportCell[] => {
        const targetJp = yearlyTargetJp(r.employmentType, targets.get(place.id));
        const c = earned.get(r.id);
        const jp = c?.jp ?? 0;
        return [r.nip, r.email, r.name, place.code, place.name, targetJp, jp, yesNo(onTrack(jp, targetJp, year)), c?.numbers ?? ''];
      }),
      next,
    };
  }

  private audit(viewer: Viewer, entry: AuditEntry): Promise<void> {
    return this.db.write(async (tx) => recordAudit(tx, viewer, entry));
  }
}

const exportPageTask = defineTask('exports.page', (s: { exports: ExportService }, request: PageRequest) => s.exports.pageHere(request));

/** What the read pool's workers run for this service. */
export const EXPORT_TASKS = [exportPageTask];
