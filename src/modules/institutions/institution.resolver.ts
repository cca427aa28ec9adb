import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { InstitutionRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { payload } from '../../graphql/payload';
import { CreateInstitutionInput, UpdateInstitutionInput } from './institution.inputs';
import { CreateInstitutionPayload, Institution, InstitutionConnection, IndonesianTimeZone, UpdateInstitutionPayload } from './institution.type';
import { inheritedTimeZone, pathIds } from './time-zone';

@Authorized()
@Resolver(() => Institution)
export class InstitutionResolver {
  @Query(() => Institution, { nullable: true })
  institution(@Arg('code', () => String) code: string, @Ctx() ctx: Context) {
    return ctx.services.institutions.get(ctx.viewer, code);
  }

  @Query(() => InstitutionConnection, { description: 'Institutions you manage', complexity: connectionComplexity })
  institutions(@Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.institutions.list(ctx.viewer, page);
  }

  @Mutation(() => CreateInstitutionPayload)
  async createInstitution(@Arg('input', () => CreateInstitutionInput) input: CreateInstitutionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.institutions.create(ctx.viewer, input), (institution) => ({ institution }));
  }

  @Mutation(() => UpdateInstitutionPayload, { description: 'Changes name, parent (the whole subtree moves), target, time zone; audited' })
  async updateInstitution(@Arg('input', () => UpdateInstitutionInput) input: UpdateInstitutionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.institutions.update(ctx.viewer, input), (institution) => ({ institution }));
  }

  @FieldResolver(() => IndonesianTimeZone, { description: 'Its own zone, else its nearest ancestor’s, else WIB: certificate numbers and printed dates use it' })
  async timeZone(@Root() institution: InstitutionRow, @Ctx() ctx: Context) {
    const chain = await ctx.loaders.institutionById.loadMany(pathIds(institution.path));
    return inheritedTimeZone(chain.map((row) => (row instanceof Error ? null : row)));
  }

  @FieldResolver(() => InstitutionConnection, { description: 'Institutions directly below this one, by name', complexity: connectionComplexity })
  children(@Root() institution: InstitutionRow, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.loaders.childrenOfInstitution.load({ parent: institution, args: { first: page.first, after: page.after } });
  }

  @FieldResolver(() => Institution, { nullable: true })
  parent(@Root() institution: InstitutionRow, @Ctx() ctx: Context) {
    return institution.parentId === null ? null : ctx.loaders.institutionById.load(institution.parentId);
  }
}
