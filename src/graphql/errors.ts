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
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes of business-rule failures returned in `userErrors`. */
export const UserErrorCode = {
  INVALID: 'INVALID',
  REQUIRED: 'REQUIRED',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  DUPLICATE: 'DUPLICATE',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  INVALID_NIP: 'INVALID_NIP',
  INVALID_EMAIL: 'INVALID_EMAIL',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  TOO_LARGE: 'TOO_LARGE',
  REVISION_CONFLICT: 'REVISION_CONFLICT',
  ALREADY_REVOKED: 'ALREADY_REVOKED',
} as const;
export type UserErrorCode = (typeof UserErrorCode)[keyof typeof UserErrorCode] | (string & {});

export interface UserError {
  /** Path into the mutation's input, e.g. `["learners", "3", "nip"]`. */
  field: string[];
  message: string;
  code: UserErrorCode;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: UserError[] };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(...errors: UserError[]): Result<T> => ({ ok: false, errors });

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
  constructor(readonly errors: UserError[]) {
    super('user errors');
  }
}

export async function rollbackOnUserErrors<T>(run: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await run());
  } catch (e) {
    if (e instanceof UserErrorsAbort) return { ok: false, errors: e.errors };
    throw e;
  }
}
