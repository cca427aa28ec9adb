import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { USER_ERROR_CODES, UserErrorCode, type Outcome, type UserError as UserErrorData } from '../core/errors';

registerEnumType(UserErrorCode, {
  name: 'UserErrorCode',
  description: 'Why a mutation wrote nothing; new codes may be added, so treat an unknown one as a generic failure',
  valuesConfig: Object.fromEntries(Object.entries(USER_ERROR_CODES).map(([code, description]) => [code, { description }])),
});

@ObjectType('UserError', { description: 'A business or validation failure of a mutation; nothing was written.' })
export class UserError implements UserErrorData {
  @Field(() => [String], { description: 'Path into the input, e.g. ["learners", "3", "nip"]' })
  field!: string[];

  @Field(() => String)
  message!: string;

  @Field(() => UserErrorCode, { description: 'Stable machine-readable code, e.g. INVALID_NIP' })
  code!: UserErrorCode;
}

/** Base of every mutation payload. */
@ObjectType()
export abstract class Payload {
  @Field(() => [UserError])
  userErrors!: UserError[];
}

/** Unwraps a service Result into a mutation payload; a refused update still shows the object as it is (`current`). */
export function payload<T, P extends object>(
  result: Outcome<T>,
  build: (value: T) => P,
): (P & { userErrors: UserErrorData[] }) | { userErrors: UserErrorData[] } {
  if (result.ok) return { ...build(result.value), userErrors: [] };
  return result.current === undefined ? { userErrors: result.errors } : { ...build(result.current), userErrors: result.errors };
}
