import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CurriculumModuleRow, CurriculumOutcomeRow, CurriculumRow } from '../../db/schema';
import { PUBLIC } from '../../graphql/auth-checker';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { payload } from '../../graphql/payload';
import { Competency } from '../competencies/competency.type';
import { Institution } from '../institutions/institution.type';
import { CurriculumFilter, CurriculumInput, SyncCurriculaInput } from './curriculum.inputs';
import {
  Curriculum,
  CurriculumConnection,
  CurriculumModule,
  LearningOutcome,
  SyncCurriculaPayload,
  UpsertCurriculumPayload,
} from './curriculum.type';

@Authorized()
@Resolver(() => Curriculum)
export class CurriculumResolver {
  @Authorized(PUBLIC)
  @Query(() => CurriculumConnection, { description: 'The curriculum catalogue (public), by code and version', complexity: connectionComplexity })
  curricula(
    @Arg('filter', () => CurriculumFilter, { nullable: true }) filter: CurriculumFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.curricula.list(ctx.viewer, { ...filter, ...page });
  }

  @Authorized(PUBLIC)
  @Query(() => Curriculum, { nullable: true, description: 'One curriculum version; the latest PUBLISHED one when version is omitted' })
  curriculum(
    @Arg('code', () => String) code: string,
    @Arg('version', () => Int, { nullable: true }) version: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.curricula.get(ctx.viewer, code, version);
  }

  @Mutation(() => UpsertCurriculumPayload, {
    description: 'Writes one curriculum version: CREATED, UPDATED (revision + 1), UNCHANGED, CONFLICT or INVALID',
  })
  upsertCurriculum(
    @Arg('input', () => CurriculumInput) input: CurriculumInput,
    @Arg('expectedRevision', () => Int, { nullable: true, description: 'Write only if this is the current revision (0: only if new)' })
    expectedRevision: number | null,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'Repeating a key (per token) returns the first answer' })
    idempotencyKey: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.curriculumSync.upsert(ctx.viewer, input, expectedRevision, idempotencyKey);
  }

  @Mutation(() => SyncCurriculaPayload, { description: 'Many curricula in one call; each gets its own outcome' })
  async syncCurricula(@Arg('input', () => SyncCurriculaInput) input: SyncCurriculaInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.curriculumSync.sync(ctx.viewer, input), (answer) => answer);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => Institution)
  owner(@Root() curriculum: CurriculumRow, @Ctx() ctx: Context) {
    return ctx.loaders.institutionById.load(curriculum.ownerId);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => [LearningOutcome])
  outcomes(@Root() curriculum: CurriculumRow, @Ctx() ctx: Context) {
    return ctx.loaders.outcomesByCurriculum.load(curriculum.id);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => [CurriculumModule], { description: 'In sequence order' })
  modules(@Root() curriculum: CurriculumRow, @Ctx() ctx: Context) {
    return ctx.loaders.modulesByCurriculum.load(curriculum.id);
  }
}

@Authorized()
@Resolver(() => LearningOutcome)
export class LearningOutcomeResolver {
  @Authorized(PUBLIC)
  @FieldResolver(() => Competency)
  competency(@Root() outcome: CurriculumOutcomeRow, @Ctx() ctx: Context) {
    return ctx.loaders.competencyById.load(outcome.competencyId);
  }
}

@Authorized()
@Resolver(() => CurriculumModule)
export class CurriculumModuleResolver {
  @Authorized(PUBLIC)
  @FieldResolver(() => [LearningOutcome], { description: 'The outcomes this module serves' })
  outcomes(@Root() module: CurriculumModuleRow, @Ctx() ctx: Context) {
    return ctx.loaders.outcomesByModule.load(module.id);
  }
}
