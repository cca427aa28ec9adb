import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { PositionRequirementRow, PositionRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { payload } from '../../graphql/payload';
import { Competency } from '../competencies/competency.type';
import { UpsertPositionInput } from './position.inputs';
import { Position, PositionRequirement, UpsertPositionPayload } from './position.type';

@Authorized()
@Resolver(() => Position)
export class PositionResolver {
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
