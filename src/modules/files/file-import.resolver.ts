import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../composition/context';
import { withRowIds } from '../../graphql/node';
import type { FileOutcome } from './file-import.service';
import {
  ImportAssessmentScoresFileInput,
  ImportAssessmentScoresFilePayload,
  ImportAttendanceFormInput,
  ImportAttendanceFormPayload,
  ImportLearnersFileInput,
  ImportLearnersFilePayload,
} from './file-import.type';

/** The payload of a file import: what was written, or nulls with every bad row. */
function filePayload<T, P extends object>(outcome: FileOutcome<T>, build: (value: T | null) => P) {
  return { ...build(outcome.value), problems: outcome.problems, userErrors: outcome.userErrors };
}

@Authorized()
@Resolver()
export class FileImportResolver {
  @Mutation(() => ImportLearnersFilePayload, { description: 'Upserts learners by NIP or e-mail from a CSV or XLSX file; all-or-nothing' })
  async importLearnersFile(@Arg('input', () => ImportLearnersFileInput) input: ImportLearnersFileInput, @Ctx() ctx: Context) {
    const outcome = await ctx.services.files.importLearners(ctx.viewer, input);
    return filePayload(outcome, (v) => ({ created: v?.created ?? null, updated: v?.updated ?? null, unchanged: v?.unchanged ?? null }));
  }

  @Mutation(() => ImportAttendanceFormPayload, {
    description: 'A presence form (NIP or e-mail, and when it was sent); rows within [startsAt, endsAt + 2 h] count as the scheduled minutes (FORM)',
  })
  async importAttendanceForm(@Arg('input', () => ImportAttendanceFormInput) input: ImportAttendanceFormInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { sessionId: 'WebinarSession' });
    if (!decoded.ok) return { import: null, problems: [], userErrors: decoded.errors };
    return filePayload(await ctx.services.files.importForm(ctx.viewer, decoded.value), (v) => ({ import: v }));
  }

  @Mutation(() => ImportAssessmentScoresFilePayload, { description: 'Scores from a CSV or XLSX file (decimal comma accepted); all-or-nothing' })
  async importAssessmentScoresFile(@Arg('input', () => ImportAssessmentScoresFileInput) input: ImportAssessmentScoresFileInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { assessmentId: 'Assessment' });
    if (!decoded.ok) return { recorded: null, problems: [], userErrors: decoded.errors };
    return filePayload(await ctx.services.files.importScores(ctx.viewer, decoded.value), (v) => ({ recorded: v }));
  }
}
