import type { NodeFetcher } from '../graphql/node';
import { AccessResolver, ViewerResolver } from './access/access.resolver';
import { AuditResolver } from './audit/audit.resolver';
import { InstitutionResolver } from './institutions/institution.resolver';
import { InstitutionLearnersResolver } from './learners/institution-learners.resolver';
import { LearnerResolver } from './learners/learner.resolver';
import { AttendanceResolver } from './webinars/attendance.resolver';
import { LearnerAttendancesResolver } from './webinars/learner-attendances.resolver';
import { SessionAttendanceResolver, UnmatchedAttendanceRowResolver } from './webinars/session-attendance.resolver';
import { WebinarSeriesResolver, WebinarSessionResolver } from './webinars/webinar.resolver';

/** Every resolver class of every feature module. */
export const resolvers = [
  AccessResolver,
  ViewerResolver,
  AuditResolver,
  InstitutionResolver,
  InstitutionLearnersResolver,
  LearnerResolver,
  WebinarSeriesResolver,
  WebinarSessionResolver,
  SessionAttendanceResolver,
  UnmatchedAttendanceRowResolver,
  AttendanceResolver,
  LearnerAttendancesResolver,
] as const;

/** How `node(id:)` refetches each type, with the viewer's access applied. */
export const nodeFetchers: Record<string, NodeFetcher> = {
  Learner: (ctx, id) => ctx.services.learners.getById(ctx.viewer, id),
  Institution: (ctx, id) => (ctx.viewer.authenticated ? ctx.loaders.institutionById.load(id) : null),
  WebinarSession: (ctx, id) => ctx.loaders.webinarSessionById.load(id),
  WebinarSeries: (ctx, id) => ctx.loaders.webinarSeriesById.load(id),
};
