import { Field, ID, InputType, Int } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { FileContent } from '../../graphql/variable-limits';
import { AttendanceSource, UnmatchedRowStatus } from './attendance.type';
import type { UnmatchedRowStatusName } from './attendance.model';

@InputType()
export class ImportZoomAttendanceInput {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => String)
  fileName!: string;

  @Field(() => String, { description: 'The participant report exactly as Zoom exported it (up to 24 MB)' })
  @FileContent()
  csv!: string;
}

@InputType()
export class AttendanceEntryInput {
  @Field(() => String, { nullable: true })
  nip?: string | null;

  @Field(() => String, { nullable: true, description: 'For learners without a NIP' })
  email?: string | null;

  @Field(() => Int)
  minutes!: number;

  @Field(() => DateTimeScalar, { nullable: true })
  joinedAt?: string | null;
}

@InputType()
export class RecordAttendanceInput {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => AttendanceSource, { description: 'FORM or MANUAL; Zoom reports go through importZoomAttendance' })
  source!: AttendanceSource;

  @Field(() => [AttendanceEntryInput])
  entries!: AttendanceEntryInput[];
}

@InputType()
export class ResolveUnmatchedAttendanceInput {
  @Field(() => ID, { description: 'An UnmatchedAttendanceRow id' })
  rowId!: string;

  @Field(() => String, { nullable: true, description: 'NIP of the learner the row belongs to' })
  nip?: string | null;

  @Field(() => ID, { nullable: true, description: 'Or the learner by id (anyone, NON_ASN participants included)' })
  learnerId?: string | null;
}

@InputType()
export class DismissUnmatchedAttendanceInput {
  @Field(() => [ID], { description: 'UnmatchedAttendanceRow ids, all OPEN' })
  rowIds!: string[];

  @Field(() => String, { description: 'Why, e.g. "host account"' })
  reason!: string;
}

@InputType()
export class UnmatchedAttendanceFilter {
  @Field(() => UnmatchedRowStatus, { nullable: true, description: 'Default OPEN' })
  status?: UnmatchedRowStatusName | null;
}
