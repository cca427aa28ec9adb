import { Arg, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CurriculumRow, InstitutionRow, PovertyStrategyName, TkpkProgramGroupName } from '../../db/schema';
import type { Context } from '../../composition/context';
import { PUBLIC } from '../../graphql/auth-checker';
import { DateScalar } from '../../graphql/scalars';
import { Curriculum } from '../curricula/curriculum.type';
import { Institution } from '../institutions/institution.type';
import type { SessionView } from '../webinars/webinar.model';
import { WebinarSession } from '../webinars/webinar.type';
import { TkpkLearningReport } from './tkpk-report.type';
import { PovertyStrategy, TkpkProgramGroup } from './tkpk.type';

@Authorized()
@Resolver(() => Curriculum)
export class CurriculumTkpkResolver {
  @Authorized(PUBLIC)
  @FieldResolver(() => [TkpkProgramGroup], { description: 'Poverty-reduction program groups it serves (Permendagri 53/2020)' })
  async programGroups(@Root() curriculum: CurriculumRow, @Ctx() ctx: Context): Promise<TkpkProgramGroupName[]> {
    return (await ctx.loaders.tkpkOfCurriculum.load(curriculum.id)).programGroups;
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => [PovertyStrategy], { description: 'Poverty-reduction strategies it serves' })
  async strategies(@Root() curriculum: CurriculumRow, @Ctx() ctx: Context): Promise<PovertyStrategyName[]> {
    return (await ctx.loaders.tkpkOfCurriculum.load(curriculum.id)).strategies;
  }
}

@Authorized()
@Resolver(() => WebinarSession)
export class SessionTkpkResolver {
  @Authorized(PUBLIC)
  @FieldResolver(() => [TkpkProgramGroup], { description: 'Poverty-reduction program groups it serves (Permendagri 53/2020)' })
  async programGroups(@Root() session: SessionView, @Ctx() ctx: Context): Promise<TkpkProgramGroupName[]> {
    return (await ctx.loaders.tkpkOfSession.load(session.id)).programGroups;
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => [PovertyStrategy], { description: 'Poverty-reduction strategies it serves' })
  async strategies(@Root() session: SessionView, @Ctx() ctx: Context): Promise<PovertyStrategyName[]> {
    return (await ctx.loaders.tkpkOfSession.load(session.id)).strategies;
  }
}

@Authorized()
@Resolver(() => Institution)
export class InstitutionTkpkResolver {
  @FieldResolver(() => TkpkLearningReport, {
    description: 'VALID certificates of the learners of this institution and all below it dated in [from, to], by the program groups and strategies of their session or curriculum',
  })
  tkpkLearningReport(
    @Root() institution: InstitutionRow,
    @Arg('from', () => DateScalar) from: string,
    @Arg('to', () => DateScalar) to: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.tkpkReports.reportOnPool(ctx.viewer, institution, from, to);
  }
}
