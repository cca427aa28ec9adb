import { Field, ObjectType } from 'type-graphql';
import { Node } from '../../graphql/node';

@ObjectType({ implements: Node, description: 'A position (jabatan) and the competency levels it requires' })
export class Position extends Node {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;
}
