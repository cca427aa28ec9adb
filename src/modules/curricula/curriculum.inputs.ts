import { Field, InputType, Int } from 'type-graphql';
import type { PovertyStrategyName, TkpkProgramGroupName } from '../../db/schema';
import { PovertyStrategy, TkpkProgramGroup } from '../tkpk/tkpk.type';
import { CurriculumStatus, DeliveryMode, LearningApproach } from './curriculum.type';

@InputType()
export class LearningOutcomeInput {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  statement!: string;

  @Field(() => String)
  competencyCode!: string;

  @Field(() => Int, { description: '1-5' })
  targetLevel!: number;
}

@InputType()
export class CurriculumModuleInput {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  title!: string;

  @Field(() => Int, { description: 'JP, more than 0' })
  jp!: number;

  @Field(() => DeliveryMode)
  deliveryMode!: DeliveryMode;

  @Field(() => Int)
  sequence!: number;

  @Field(() => [String], { nullable: true, description: 'Codes of this curriculum version\'s outcomes the module serves' })
  outcomeCodes?: string[] | null;
}

@InputType()
export class CurriculumInput {
  @Field(() => String)
  code!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { description: 'Institution that owns the curriculum' })
  ownerCode!: string;

  @Field(() => CurriculumStatus)
  status!: CurriculumStatus;

  @Field(() => LearningApproach)
  approach!: LearningApproach;

  @Field(() => [LearningOutcomeInput])
  outcomes!: LearningOutcomeInput[];

  @Field(() => [CurriculumModuleInput])
  modules!: CurriculumModuleInput[];

  @Field(() => [TkpkProgramGroup], { nullable: true, description: 'Poverty-reduction program groups it serves (Permendagri 53/2020); part of its content' })
  programGroups?: TkpkProgramGroupName[] | null;

  @Field(() => [PovertyStrategy], { nullable: true, description: 'Poverty-reduction strategies it serves; part of its content' })
  strategies?: PovertyStrategyName[] | null;

  @Field(() => Int, {
    nullable: true,
    description: 'In syncCurricula: write only if this is the current revision (0: only if new). upsertCurriculum takes it as an argument.',
  })
  expectedRevision?: number | null;
}

@InputType()
export class SyncCurriculaInput {
  @Field(() => [CurriculumInput])
  curricula!: CurriculumInput[];

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Report outcomes without writing' })
  dryRun?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Repeating a key (per token) returns the first answer' })
  idempotencyKey?: string | null;
}

@InputType()
export class CurriculumFilter {
  @Field(() => CurriculumStatus, { nullable: true })
  status?: CurriculumStatus | null;

  @Field(() => String, { nullable: true, description: 'Curricula with an outcome that develops this competency' })
  competencyCode?: string | null;

  @Field(() => String, { nullable: true })
  ownerCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Words in the code, title or description' })
  search?: string | null;

  @Field(() => TkpkProgramGroup, { nullable: true, description: 'Curricula that serve this program group' })
  programGroup?: TkpkProgramGroupName | null;

  @Field(() => PovertyStrategy, { nullable: true, description: 'Curricula that serve this strategy' })
  strategy?: PovertyStrategyName | null;
}
