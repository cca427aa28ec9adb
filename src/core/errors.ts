/**
 * The one error model. Plain data and classes only (no `graphql` import), so
 * services can use it; `format-error.ts` turns it into GraphQL errors.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  /** Too much heavy work is queued already: try again shortly (HTTP 503 on routes). */
  SERVER_BUSY: 'SERVER_BUSY',
  /** Another server process held the database's write lock too long; nothing was written, retry. */
  DATABASE_BUSY: 'DATABASE_BUSY',
  /** Another request wrote the same code or key at the same moment; nothing was written. */
  CONFLICT: 'CONFLICT',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes of business-rule failures returned in `userErrors`, each with what it means to a client. */
export const USER_ERROR_CODES = {
  INVALID: 'The value is malformed or breaks a rule of its field',
  REQUIRED: 'A value must be given',
  NOT_FOUND: 'What the input names does not exist, or is outside your scope',
  FORBIDDEN: 'You may not act on what the input names',
  DUPLICATE: 'The input names the same thing twice',
  FILE_REJECTED: 'A row of the file is bad, so nothing of it was written; `problems` lists every bad row by line',
  ALREADY_EXISTS: 'Something with this code or key exists already',
  ALREADY_RESOLVED: 'The unmatched row was resolved before',
  ALREADY_REVOKED: 'The certificate was revoked before',
  ALREADY_DISMISSED: 'The unmatched row was dismissed before',
  ALREADY_WITHDRAWN: 'The enrolment was withdrawn before',
  CANCELLED: 'The session or cohort is cancelled: it takes nothing new and issues no certificate',
  CYCLE: 'The institution would sit below itself',
  INACTIVE: 'The learner is deactivated: no new token, enrolment or certificate',
  IN_USE: 'Still referred to elsewhere, so it cannot be removed',
  INVALID_NIP: 'Not a NIP of 18 digits (for PNS: birth date, CPNS start, sex digit and serial)',
  INVALID_EMAIL: 'Not an e-mail address',
  MALFORMED_ROW: 'A row of the file cannot be read',
  NO_RULE: 'No certificate rule applies to the subject',
  NOT_ENROLLED: 'The learner is not enrolled in the cohort',
  OUT_OF_RANGE: 'The number is outside the allowed range',
  REVISION_CONFLICT: 'expectedRevision is not the current revision; nothing was written',
  TOO_LARGE: 'Too long, too many items or too many bytes',
  UNREADABLE: 'The file cannot be read as the expected format',
} as const;

export const UserErrorCode = Object.fromEntries(Object.keys(USER_ERROR_CODES).map((code) => [code, code])) as {
  [K in keyof typeof USER_ERROR_CODES]: K;
};
export type UserErrorCode = (typeof UserErrorCode)[keyof typeof UserErrorCode];

export interface UserError {
  /** Path into the mutation's input, e.g. `["learners", "3", "nip"]`. */
  field: string[];
  message: string;
  code: UserErrorCode;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: UserError[] };

/**
 * A refused update's answer when `expectedRevision` was stale: nothing was
 * written, and the payload still carries the object as it is now.
 */
export type Outcome<T> = Result<T> & { current?: T };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...errors: UserError[]): Result<T> => ({ ok: false, errors });

/** Runs `next` on a successful Result's value; a failed one passes through. */
export async function andThen<T, U>(result: Result<T>, next: (value: T) => Result<U> | Promise<Result<U>>): Promise<Result<U>> {
  return result.ok ? next(result.value) : result;
}

export function userError(field: string | (string | number)[], code: UserErrorCode, message: string): UserError {
  const path = Array.isArray(field) ? field.map(String) : field.split('.');
  return { field: path, code, message };
}

/** An error that reaches the client with its code and message (not masked). */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** An AppError, also when a library wrapped it (Drizzle wraps what a driver throws in its own query error). */
export function appErrorIn(error: unknown): AppError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) if (e instanceof AppError) return e;
  return undefined;
}

export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = (message = 'You do not have access to this resource') =>
  new AppError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = () =>
  new AppError(ErrorCode.UNAUTHENTICATED, 'A valid API token is required (Authorization: Bearer <token>)');
export const badInput = (message: string) => new AppError(ErrorCode.BAD_USER_INPUT, message);

/**
 * Thrown inside `write()` to roll the transaction back and report userErrors;
 * `rollbackOnUserErrors` turns it back into a failed Result.
 */
export class UserErrorsAbort extends Error {
  constructor(
    readonly errors: UserError[],
    /** For a revision conflict found inside the transaction: the object as it is. */
    readonly current?: unknown,
  ) {
    super('user errors');
  }
}

export async function rollbackOnUserErrors<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return ok(await run());
  } catch (e) {
    if (e instanceof UserErrorsAbort) return { ok: false, errors: e.errors, ...(e.current === undefined ? {} : { current: e.current as T }) };
    // A key taken by a concurrent write is the same business failure a check would have reported.
    if (e instanceof AppError && e.code === ErrorCode.CONFLICT) return { ok: false, errors: [userError([], 'ALREADY_EXISTS', e.message)] };
    throw e;
  }
}

/**
 * Inside an update's transaction: throws a REVISION_CONFLICT carrying the
 * object as it is when the client read an older revision than the current one.
 */
export function requireRevision<T extends { revision: number }>(current: T, expected: number | null | undefined, present: (row: T) => unknown = (r) => r): void {
  if (expected == null || expected === current.revision) return;
  const message = `It is at revision ${current.revision}, not ${expected}: reload it and apply your change again`;
  throw new UserErrorsAbort([userError(['expectedRevision'], 'REVISION_CONFLICT', message)], present(current));
}
