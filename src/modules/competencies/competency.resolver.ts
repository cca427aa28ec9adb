import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CompetencyFrameworkRow, CompetencyRow } from '../../db/schema';
import { PUBLIC } from '../../graphql/auth-checker';
import type { Context } from '../../composition/context';
import { Institution } from '../institutions/institution.type';
import { CompetencyFrameworkInput } from './competency.inputs';
import { Competency, CompetencyFramework, CompetencyLevel, UpsertCompetencyFrameworkPayload } from './competency.type';

@Authorized()
@Resolver(() => CompetencyFramework)
export class CompetencyFrameworkResolver {
  @Authorized(PUBLIC)
  @Query(() => [CompetencyFramework], { description: 'Every competency framework (public)' })
  competencyFrameworks(@Ctx() ctx: Context) {
    return ctx.services.competencies.listFrameworks();
  }

  @Mutation(() => UpsertCompetencyFrameworkPayload, {
    description: 'Writes a whole framework by code: CREATED, UPDATED or UNCHANGED (SUPERADMIN, or a SYNC_CLIENT that then owns it)',
  })
  async upsertCompetencyFramework(@Arg('input', () => CompetencyFrameworkInput) input: CompetencyFrameworkInput, @Ctx() ctx: Context) {
    const result = await ctx.services.competencies.upsertFramework(ctx.viewer, input);
    return result.ok ? { ...result.value, userErrors: [] } : { outcome: 'INVALID', framework: null, userErrors: result.errors };
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => [Competency])
  competencies(@Root() framework: CompetencyFrameworkRow, @Ctx() ctx: Context) {
    return ctx.loaders.competenciesByFramework.load(framework.id);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => Institution, { nullable: true, description: 'The institution whose sync client keeps it; null for national frameworks' })
  owner(@Root() framework: CompetencyFrameworkRow, @Ctx() ctx: Context) {
    return framework.ownerId === null ? null : ctx.loaders.institutionById.load(framework.ownerId);
  }
}

@Authorized()
@Resolver(() => Competency)
export class CompetencyResolver {
  @Authorized(PUBLIC)
  @FieldResolver(() => [CompetencyLevel])
  levels(@Root() competency: CompetencyRow, @Ctx() ctx: Context) {
    return ctx.loaders.levelsByCompetency.load(competency.id);
  }

  @Authorized(PUBLIC)
  @FieldResolver(() => CompetencyFramework)
  async framework(@Root() competency: CompetencyRow, @Ctx() ctx: Context) {
    return ctx.loaders.frameworkById.load(competency.frameworkId);
  }
}
