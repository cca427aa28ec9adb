import { Field, Int, ObjectType } from 'type-graphql';
import type { PovertyStrategyName, TkpkProgramGroupName } from '../../db/schema';
import { DateScalar } from '../../graphql/scalars';
import { PovertyStrategy, TkpkProgramGroup } from './tkpk.type';

@ObjectType()
abstract class TkpkCountsLine {
  @Field(() => Int, { description: 'Distinct holders of the counted certificates' })
  learners!: number;

  @Field(() => Int, { description: 'Of those, the NON_ASN ones' })
  nonAsnLearners!: number;

  @Field(() => Int, { description: 'VALID certificates dated in the period' })
  certificates!: number;

  @Field(() => Int, { description: 'Their JP' })
  jp!: number;
}

@ObjectType({ description: 'Learning that served one program group' })
export class TkpkProgramGroupLine extends TkpkCountsLine {
  @Field(() => TkpkProgramGroup)
  programGroup!: TkpkProgramGroupName;
}

@ObjectType({ description: 'Learning that served one strategy' })
export class PovertyStrategyLine extends TkpkCountsLine {
  @Field(() => PovertyStrategy)
  strategy!: PovertyStrategyName;
}

@ObjectType({ description: "The TKPK semester report of an institution's subtree: a line for every program group and strategy, zeros included" })
export class TkpkLearningReport {
  @Field(() => DateScalar)
  from!: string;

  @Field(() => DateScalar, { description: 'Included' })
  to!: string;

  @Field(() => [TkpkProgramGroupLine])
  byProgramGroup!: TkpkProgramGroupLine[];

  @Field(() => [PovertyStrategyLine])
  byStrategy!: PovertyStrategyLine[];
}
