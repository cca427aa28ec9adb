import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import type { FeedEntry } from './curriculum.service';
import { Curriculum, CurriculumChange, CurriculumChangeConnection } from './curriculum.type';

@Authorized()
@Resolver(() => CurriculumChange)
export class CurriculumChangeResolver {
  @Query(() => CurriculumChangeConnection, {
    description:
      'Changes of the curricula you may see, each once, in sequence order; poll with the last endCursor. Of curricula whose drafts you may not write: the changes that left one PUBLISHED or RETIRED, while it is not a DRAFT now',
    complexity: connectionComplexity,
  })
  curriculumChanges(@Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.curricula.changes(ctx.viewer, page);
  }

  @FieldResolver(() => Curriculum, { description: 'The curriculum as it is now' })
  curriculum(@Root() change: FeedEntry): FeedEntry['curriculum'] {
    return change.curriculum;
  }
}
