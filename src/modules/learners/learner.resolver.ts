import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { LearnerRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { payload } from '../../graphql/payload';
import { Institution } from '../institutions/institution.type';
import { Position } from '../positions/position.type';
import { DeactivateLearnerInput, ImportLearnersInput, LearnerFilter, UpdateLearnerInput } from './learner.inputs';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { ImportLearnersPayload, Learner, LearnerConnection, LearnerPayload, ParticipantCategory } from './learner.type';
import { andThen } from '../../core/errors';
import { withRowIds } from '../../graphql/node';
import { participantCategoryOf } from './learner-view';

@Authorized()
@Resolver(() => Learner)
export class LearnerResolver {
  @Query(() => Learner, { nullable: true, description: 'A learner by NIP (admins in scope, or the learner themself)' })
  learner(@Arg('nip', () => String) nip: string, @Ctx() ctx: Context) {
    return ctx.services.learners.getByNip(ctx.viewer, nip);
  }

  @Query(() => LearnerConnection, {
    description: 'Learners across your scope, newest first: by name, e-mail or NIP, NON_ASN included (a LEARNER: themself)',
    complexity: connectionComplexity,
  })
  learners(
    @Arg('filter', () => LearnerFilter, { nullable: true }) filter: LearnerFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.learners.browse(ctx.viewer, filter ?? {}, page);
  }

  @Mutation(() => ImportLearnersPayload, { description: 'All-or-nothing upsert by NIP (ASN) or e-mail (NON_ASN)' })
  async importLearners(@Arg('input', () => ImportLearnersInput) input: ImportLearnersInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.learners.importLearners(ctx.viewer, input), (outcome) => outcome);
  }

  @Mutation(() => LearnerPayload, { description: 'Changes a learner or moves them (inside your subtree); audited' })
  async updateLearner(@Arg('input', () => UpdateLearnerInput) input: UpdateLearnerInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { learnerId: 'Learner' });
    return payload(await andThen(decoded, (i) => ctx.services.learners.update(ctx.viewer, i)), (learner) => ({ learner }));
  }

  @Mutation(() => LearnerPayload, { description: 'Keeps every record and certificate; revokes their tokens at once; no new token, enrolment or certificate' })
  async deactivateLearner(@Arg('input', () => DeactivateLearnerInput) input: DeactivateLearnerInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { learnerId: 'Learner' });
    return payload(await andThen(decoded, (i) => ctx.services.learners.deactivate(ctx.viewer, i)), (learner) => ({ learner }));
  }

  @FieldResolver(() => ParticipantCategory, { description: 'ASN, or the group a NON_ASN participant belongs to; reported in totals only' })
  participantCategory(@Root() learner: LearnerRow) {
    return participantCategoryOf(learner);
  }

  @FieldResolver(() => Institution)
  institution(@Root() learner: LearnerRow, @Ctx() ctx: Context) {
    return ctx.loaders.institutionById.load(learner.institutionId);
  }

  @FieldResolver(() => Position, { nullable: true })
  position(@Root() learner: LearnerRow, @Ctx() ctx: Context) {
    return learner.positionId === null ? null : ctx.loaders.positionById.load(learner.positionId);
  }
}
