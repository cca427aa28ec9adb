import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import type { PositionRequirementRow, PositionRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { payload } from '../../graphql/payload';
import { Competency } from '../competencies/competency.type';
import { UpsertPositionInput } from './position.inputs';
import { Position, PositionConnection, PositionFilter, PositionRequirement, UpsertPositionPayload } from './position.type';

@Authorized()
@Resolver(() => Position)
export class PositionResolver {
  @Query(() => PositionConnection, { description: 'Positions (national reference data), by code', complexity: connectionComplexity })
  positions(
    @Arg('filter', () => PositionFilter, { nullable: true }) filter: PositionFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.positions.browse(ctx.viewer, filter ?? {}, page);
  }

  @Mutation(() => UpsertPositionPayload, { description: 'Creates or replaces a position and its competency requirements' })
  async upsertPosition(@Arg('input', () => UpsertPositionInput) input: UpsertPositionInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.positions.upsert(ctx.viewer, input), (position) => ({ position }));
  }

  @FieldResolver(() => [PositionRequirement])
  requirements(@Root() position: PositionRow, @Ctx() ctx: Context) {
    return ctx.loaders.requirementsByPosition.load(position.id);
  }
}

@Authorized()
@Resolver(() => PositionRequirement)
export class PositionRequirementResolver {
  @FieldResolver(() => Competency)
  competency(@Root() requirement: PositionRequirementRow, @Ctx() ctx: Context) {
    return ctx.loaders.competencyById.load(requirement.competencyId);
  }
}
