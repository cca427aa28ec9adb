import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { andThen } from '../../core/errors';
import { withRowIds } from '../../graphql/node';
import type { CohortRow, EnrollmentRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { payload } from '../../graphql/payload';
import { Curriculum } from '../curricula/curriculum.type';
import { Institution } from '../institutions/institution.type';
import { Learner } from '../learners/learner.type';
import { CreateCohortInput, EnrollLearnersInput, RecordModuleCompletionsInput, UpdateCohortInput, WithdrawEnrollmentInput } from './cohort.inputs';
import { cohortStatus } from './cohort-status';
import { nowInWib } from '../../core/today';
import {
  Cohort,
  CohortStatus,
  CreateCohortPayload,
  EnrollLearnersPayload,
  Enrollment,
  EnrollmentProgress,
  RecordModuleCompletionsPayload,
  UpdateCohortPayload,
  WithdrawEnrollmentPayload,
} from './cohort.type';

@Authorized()
@Resolver(() => Cohort)
export class CohortResolver {
  @Query(() => Cohort, { nullable: true, description: 'A cohort by code (admins of its institution)' })
  cohort(@Arg('code', () => String) code: string, @Ctx() ctx: Context) {
    return ctx.services.cohorts.getByCode(ctx.viewer, code);
  }

  @FieldResolver(() => CohortStatus)
  status(@Root() cohort: CohortRow) {
    return cohortStatus(cohort, nowInWib().toISODate()!);
  }

  @Mutation(() => CreateCohortPayload)
  async createCohort(@Arg('input', () => CreateCohortInput) input: CreateCohortInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.cohorts.create(ctx.viewer, input), (cohort) => ({ cohort }));
  }

  @Mutation(() => UpdateCohortPayload, { description: 'Changes a cohort, or cancels it (status CANCELLED with cancellationReason); audited' })
  async updateCohort(@Arg('input', () => UpdateCohortInput) input: UpdateCohortInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { cohortId: 'Cohort' });
    return payload(await andThen(decoded, (i) => ctx.services.cohorts.update(ctx.viewer, i)), (cohort) => ({ cohort }));
  }

  @Mutation(() => WithdrawEnrollmentPayload, { description: 'Keeps the enrolment with its reason; the learner is no longer eligible for the cohort’s certificate' })
  async withdrawEnrollment(@Arg('input', () => WithdrawEnrollmentInput) input: WithdrawEnrollmentInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { enrollmentId: 'Enrollment' });
    return payload(await andThen(decoded, (i) => ctx.services.enrollments.withdraw(ctx.viewer, i)), (enrollment) => ({ enrollment }));
  }

  @Mutation(() => EnrollLearnersPayload, { description: 'Enrols learners by NIP, e-mail or id; re-enrolling is reported, not duplicated' })
  async enrollLearners(@Arg('input', () => EnrollLearnersInput) input: EnrollLearnersInput, @Ctx() ctx: Context) {
    const decoded = withRowIds(input, { cohortId: 'Cohort', learnerIds: 'Learner' });
    return payload(await andThen(decoded, (i) => ctx.services.enrollments.enroll(ctx.viewer, i)), (outcome) => outcome);
  }

  @Mutation(() => RecordModuleCompletionsPayload)
  async recordModuleCompletions(
    @Arg('input', () => RecordModuleCompletionsInput) input: RecordModuleCompletionsInput,
    @Ctx() ctx: Context,
  ) {
    const decoded = withRowIds(input, { cohortId: 'Cohort' });
    return payload(await andThen(decoded, (i) => ctx.services.enrollments.recordCompletions(ctx.viewer, i)), (outcome) => outcome);
  }

  @FieldResolver(() => Curriculum)
  curriculum(@Root() cohort: CohortRow, @Ctx() ctx: Context) {
    return ctx.loaders.curriculumById.load(cohort.curriculumId);
  }

  @FieldResolver(() => Institution)
  institution(@Root() cohort: CohortRow, @Ctx() ctx: Context) {
    return ctx.loaders.institutionById.load(cohort.institutionId);
  }
}

@Authorized()
@Resolver(() => Enrollment)
export class EnrollmentResolver {
  @FieldResolver(() => Cohort)
  cohort(@Root() enrollment: EnrollmentRow, @Ctx() ctx: Context) {
    return ctx.loaders.cohortById.load(enrollment.cohortId);
  }

  @FieldResolver(() => Learner)
  learner(@Root() enrollment: EnrollmentRow, @Ctx() ctx: Context) {
    return ctx.loaders.learnerById.load(enrollment.learnerId);
  }

  @FieldResolver(() => EnrollmentProgress)
  progress(@Root() enrollment: EnrollmentRow, @Ctx() ctx: Context) {
    return ctx.loaders.progressByEnrollment.load(enrollment.id);
  }
}
