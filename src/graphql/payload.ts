import { Field, ObjectType } from 'type-graphql';
import type { Result, UserError as UserErrorData } from './errors';

@ObjectType('UserError', { description: 'A business or validation failure of a mutation; nothing was written.' })
export class UserError implements UserErrorData {
  @Field(() => [String], { description: 'Path into the input, e.g. ["learners", "3", "nip"]' })
  field!: string[];

  @Field(() => String)
  message!: string;

  @Field(() => String, { description: 'Stable machine-readable code, e.g. INVALID_NIP' })
  code!: string;
}

/** Base of every mutation payload. */
@ObjectType()
export abstract class Payload {
  @Field(() => [UserError])
  userErrors!: UserError[];
}

/** Unwraps a service Result into a mutation payload. */
export function payload<T, P extends object>(
  result: Result<T>,
  build: (value: T) => P,
): (P & { userErrors: UserErrorData[] }) | { userErrors: UserErrorData[] } {
  return result.ok ? { ...build(result.value), userErrors: [] } : { userErrors: result.errors };
}
