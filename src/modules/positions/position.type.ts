import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Connection } from '../../graphql/connection';
import type { PositionRow } from '../../db/schema';
import { Node } from '../../graphql/node';
import { Payload } from '../../graphql/payload';

@ObjectType({ implements: Node, description: 'A position (jabatan) and the competency levels it requires' })
export class Position extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType({ description: 'The level of one competency a position requires' })
export class PositionRequirement {
  @Field(() => Int, { description: '1-5' })
  level!: number;

  competencyId!: number;
}

@ObjectType()
export class UpsertPositionPayload extends Payload {
  @Field(() => Position, { nullable: true })
  position?: PositionRow | null;
}

@ObjectType()
export class PositionConnection extends Connection(Position) {}

@InputType()
export class PositionFilter {
  @Field(() => String, { nullable: true, description: 'Part of the code or name, any case' })
  search?: string | null;
}
