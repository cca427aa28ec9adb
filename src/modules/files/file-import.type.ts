import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Payload } from '../../graphql/payload';
import { FileContent } from '../../graphql/variable-limits';
import { AttendanceImport } from '../webinars/attendance.type';

export enum FileFormat {
  CSV = 'CSV',
  XLSX = 'XLSX',
}
registerEnumType(FileFormat, {
  name: 'FileFormat',
  valuesConfig: {
    CSV: { description: '`content` is the text: comma, semicolon or tab; UTF-8 with or without BOM' },
    XLSX: { description: '`content` is the workbook in base64; its first sheet is read' },
  },
});

@ObjectType({ description: 'A bad row of an imported file; the file was refused and nothing of it written' })
export class FileRowProblem {
  @Field(() => Int, { description: '1-based line (CSV) or row (XLSX), counting the header' })
  line!: number;

  @Field(() => String, { nullable: true, description: 'The column, e.g. nip, email, score, time' })
  field!: string | null;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export abstract class FilePayload extends Payload {
  @Field(() => [FileRowProblem], { description: 'Every bad row; empty when the file was accepted' })
  problems!: FileRowProblem[];
}

/** Fields every file import shares (inherited; the base type itself is referenced nowhere, so not emitted). */
@InputType()
abstract class FileInputFields {
  @Field(() => String)
  fileName!: string;

  @Field(() => FileFormat)
  format!: FileFormat;

  @Field(() => String, { description: 'The file: CSV text, or XLSX in base64' })
  @FileContent()
  content!: string;
}

@InputType()
export class ImportLearnersFileInput extends FileInputFields {
  @Field(() => String)
  institutionCode!: string;
}

@InputType()
export class ImportAttendanceFormInput extends FileInputFields {
  @Field(() => ID, { description: 'A WebinarSession id' })
  sessionId!: string;
}

@InputType()
export class ImportAssessmentScoresFileInput extends FileInputFields {
  @Field(() => ID, { description: 'An Assessment id' })
  assessmentId!: string;
}

@ObjectType()
export class ImportLearnersFilePayload extends FilePayload {
  @Field(() => Int, { nullable: true })
  created!: number | null;

  @Field(() => Int, { nullable: true })
  updated!: number | null;

  @Field(() => Int, { nullable: true })
  unchanged!: number | null;
}

@ObjectType()
export class ImportAttendanceFormPayload extends FilePayload {
  @Field(() => AttendanceImport, { nullable: true })
  import!: unknown;
}

@ObjectType()
export class ImportAssessmentScoresFilePayload extends FilePayload {
  @Field(() => Int, { nullable: true, description: 'Scores stored (a re-recorded score replaces the earlier one)' })
  recorded!: number | null;
}
