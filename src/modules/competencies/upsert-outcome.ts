/** What an upsert of a framework or curriculum did. */
export enum UpsertOutcome {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
  CONFLICT = 'CONFLICT',
  INVALID = 'INVALID',
}
export type UpsertOutcomeName = `${UpsertOutcome}`;
