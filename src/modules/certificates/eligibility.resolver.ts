import { Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../composition/context';
import { Learner } from '../learners/learner.type';
import { Certificate } from './certificate.type';
import { Eligibility } from './eligibility.type';

@Authorized()
@Resolver(() => Eligibility)
export class EligibilityResolver {
  @FieldResolver(() => Learner)
  learner(@Root() e: Eligibility, @Ctx() ctx: Context) {
    return ctx.loaders.learnerById.load(e.learnerId);
  }

  @FieldResolver(() => Certificate, { nullable: true, description: 'The valid certificate, else the latest revoked one' })
  certificate(@Root() e: Eligibility, @Ctx() ctx: Context) {
    return ctx.loaders.certificateFor.load({ type: e.subjectType, subjectId: e.subjectId, learnerId: e.learnerId });
  }
}
