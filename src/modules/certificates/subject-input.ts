import type { SubjectType } from '../../db/schema';
import { userError, type UserError } from '../../core/errors';
import { inputRowId } from '../../graphql/node';

/** Reads `{ sessionId | cohortId }` (global ids) from a mutation input: exactly one must be given. */
export function subjectFromInput(input: { sessionId?: string | null; cohortId?: string | null }):
  | { subject: { type: SubjectType; id: number }; error?: undefined }
  | { subject?: undefined; error: UserError } {
  if (!!input.sessionId === !!input.cohortId) {
    return { error: userError(['sessionId'], 'INVALID', 'Give exactly one of sessionId and cohortId') };
  }
  const decoded = input.sessionId
    ? inputRowId(input.sessionId, 'WebinarSession', ['sessionId'])
    : inputRowId(input.cohortId!, 'Cohort', ['cohortId']);
  if (decoded.error) return { error: decoded.error };
  return { subject: { type: input.sessionId ? 'SESSION' : 'COHORT', id: decoded.id } };
}
