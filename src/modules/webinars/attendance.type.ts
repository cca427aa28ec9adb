import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ATTENDANCE_SOURCES, type AttendanceSourceName } from '../../db/schema';
import { UNMATCHED_ROW_STATUSES, type AttendanceView } from './attendance.model';
import { enumOf } from '../../graphql/enums';
import { Node } from '../../graphql/node';
import { Connection } from '../../graphql/connection';
import { Payload } from '../../graphql/payload';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';

export const UnmatchedRowStatus = enumOf(UNMATCHED_ROW_STATUSES, 'UnmatchedRowStatus', 'OPEN waits for an admin; RESOLVED went to a learner; DISMISSED keeps its reason');

export const AttendanceSource = enumOf(ATTENDANCE_SOURCES, 'AttendanceSource', 'ZOOM_REPORT: an imported Zoom report. FORM: an attendance form (YouTube viewers). MANUAL: an admin’s correction.');
export type AttendanceSource = (typeof ATTENDANCE_SOURCES)[number];


@ObjectType({ description: 'A row of a report that could not be used' })
export class ImportRowProblem {
  @Field(() => Int, { description: 'Physical 1-based line in the file' })
  line!: number;

  @Field(() => String)
  message!: string;
}

@ObjectType({ implements: Node, description: 'One Zoom report file imported for a session' })
export class AttendanceImport extends Node {
  @Field(() => String)
  fileName!: string;

  @Field(() => String, { description: 'SHA-256 of the file, hex' })
  sha256!: string;

  @Field(() => String, { description: 'MEETING_PARTICIPANTS, UNIQUE_USERS or WEBINAR_ATTENDEES' })
  layout!: string;

  @Field(() => Boolean, { description: 'True when this answer is for a file already imported for the session: nothing changed' })
  duplicate!: boolean;

  @Field(() => Int, { description: 'Every participant row: matched + unmatched + invalid + skipped' })
  rowsTotal!: number;

  @Field(() => Int)
  rowsMatched!: number;

  @Field(() => Int)
  rowsUnmatched!: number;

  @Field(() => Int, { description: 'Malformed rows, listed in errors' })
  rowsInvalid!: number;

  @Field(() => Int, { description: 'Rows that are not attendance (waiting room, Attended = No, hosts and panelists), listed in skipped' })
  rowsSkipped!: number;

  @Field(() => [ImportRowProblem], { description: 'Malformed rows (the first 1000)' })
  errors!: ImportRowProblem[];

  @Field(() => [ImportRowProblem], { description: 'Skipped rows and why (the first 1000)' })
  skipped!: ImportRowProblem[];

  @Field(() => DateTimeScalar)
  importedAt!: Date;

  @Field(() => String, { description: 'Name of the token that imported it' })
  importedBy!: string;
}

@ObjectType({ description: 'A join/leave span from a Zoom report' })
export class AttendanceInterval {
  @Field(() => DateTimeScalar)
  joinedAt!: string;

  @Field(() => DateTimeScalar)
  leftAt!: string;
}

@ObjectType({ description: 'A learner’s attendance of a webinar session' })
export class WebinarAttendance {
  @Field(() => Int, { description: 'MANUAL if recorded, else the larger of the Zoom union and FORM minutes' })
  minutes!: number;

  @Field(() => AttendanceSource, { description: 'The evidence the minutes come from' })
  source!: AttendanceSourceName;

  sessionId!: number;
  learnerId!: number;
}

@ObjectType()
export class WebinarAttendanceConnection extends Connection(WebinarAttendance) {}

@ObjectType({ implements: Node, description: 'A report row that matched no learner; an admin may resolve it to one' })
export class UnmatchedAttendanceRow extends Node {
  @Field(() => String)
  displayName!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'An 18-digit number in the row that is no known learner’s NIP' })
  nip!: string | null;

  @Field(() => Int)
  minutes!: number;

  @Field(() => Int, { description: 'Line in its file' })
  line!: number;

  @Field(() => JSONScalar, { description: 'The row as exported, by header' })
  raw!: unknown;

  @Field(() => String, { nullable: true })
  dismissalReason!: string | null;

  resolvedLearnerId!: number | null;
  dismissedAt!: Date | null;

  utcOffsetMinutes!: number;
}

@ObjectType()
export class UnmatchedAttendanceRowConnection extends Connection(UnmatchedAttendanceRow) {}

@ObjectType()
export class AttendanceSummary {
  @Field(() => Int, { description: 'Learners with more than 0 minutes' })
  attendees!: number;

  @Field(() => Int)
  totalMinutes!: number;

  @Field(() => Float, { description: 'totalMinutes / attendees (0 without attendees)' })
  averageMinutes!: number;

  @Field(() => Int, { description: 'Report rows still waiting to be resolved to a learner' })
  unmatchedRows!: number;
}

@ObjectType()
export class ImportZoomAttendancePayload extends Payload {
  @Field(() => AttendanceImport, { nullable: true })
  import?: AttendanceImport | null;
}

@ObjectType()
export class RecordAttendancePayload extends Payload {
  @Field(() => Int, { nullable: true, description: 'Entries recorded' })
  recorded?: number | null;
}

@ObjectType()
export class ResolveUnmatchedAttendancePayload extends Payload {
  @Field(() => WebinarAttendance, { nullable: true })
  attendance?: AttendanceView | null;
}

@ObjectType()
export class DismissUnmatchedAttendancePayload extends Payload {
  @Field(() => Int, { nullable: true, description: 'Rows dismissed; null with userErrors' })
  dismissed?: number | null;
}
