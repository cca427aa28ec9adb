import { Field, Int, ObjectType } from 'type-graphql';
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
