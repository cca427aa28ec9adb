import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ApiTokenRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { rowIdOf } from '../../graphql/node';
import { payload } from '../../graphql/payload';
import { Institution } from '../institutions/institution.type';
import { Learner } from '../learners/learner.type';
import { ApiToken, ApiTokenConnection, ApiTokenFilter, CreateApiTokenInput, CreateApiTokenPayload, RevokeApiTokenPayload, Viewer } from './access.type';

@Authorized()
@Resolver(() => ApiToken)
export class AccessResolver {
  @Query(() => Viewer, { description: 'The caller, as its token identifies it' })
  viewer(@Ctx() ctx: Context): Viewer {
    const v = ctx.viewer;
    return { role: v.role!, name: v.tokenName, authenticatedBy: v.authenticatedBy!, institutionId: v.institutionId, learnerId: v.learnerId };
  }

  @Query(() => ApiTokenConnection, { description: 'API tokens in your scope, newest first; never their secrets', complexity: connectionComplexity })
  apiTokens(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => ApiTokenFilter, { nullable: true }) filter: ApiTokenFilter | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.access.list(ctx.viewer, { ...page, ...filter });
  }

  @Mutation(() => CreateApiTokenPayload)
  async createApiToken(@Arg('input', () => CreateApiTokenInput) input: CreateApiTokenInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.access.create(ctx.viewer, input), (created) => created);
  }

  @Mutation(() => RevokeApiTokenPayload)
  async revokeApiToken(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return payload(await ctx.services.access.revoke(ctx.viewer, rowIdOf(id, 'ApiToken')), (apiToken) => ({ apiToken }));
  }

  @FieldResolver(() => Institution, { nullable: true })
  institution(@Root() token: ApiTokenRow, @Ctx() ctx: Context) {
    return token.institutionId === null ? null : ctx.loaders.institutionById.load(token.institutionId);
  }

  @FieldResolver(() => Learner, { nullable: true })
  learner(@Root() token: ApiTokenRow, @Ctx() ctx: Context) {
    return token.learnerId === null ? null : ctx.loaders.learnerById.load(token.learnerId);
  }
}

@Authorized()
@Resolver(() => Viewer)
export class ViewerResolver {
  @FieldResolver(() => Institution, { nullable: true })
  institution(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return viewer.institutionId === null ? null : ctx.loaders.institutionById.load(viewer.institutionId);
  }

  @FieldResolver(() => Learner, { nullable: true, description: 'The learner a LEARNER token is bound to' })
  learner(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return viewer.learnerId === null ? null : ctx.loaders.learnerById.load(viewer.learnerId);
  }
}
