import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { CurriculumChangeRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { Curriculum, CurriculumChange, CurriculumChangeConnection } from './curriculum.type';

@Authorized()
@Resolver(() => CurriculumChange)
export class CurriculumChangeResolver {
  @Query(() => CurriculumChangeConnection, {
    description: 'Every curriculum change exactly once, in sequence order; poll with the last endCursor',
    complexity: connectionComplexity,
  })
  curriculumChanges(@Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.curricula.changes(ctx.viewer, page);
  }

  @FieldResolver(() => Curriculum, { description: 'The curriculum as it is now' })
  curriculum(@Root() change: CurriculumChangeRow, @Ctx() ctx: Context) {
    return ctx.loaders.curriculumById.load(change.curriculumId);
  }
}
