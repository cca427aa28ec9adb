import { Arg, Args, Authorized, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CohortRow, InstitutionRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { Institution } from '../institutions/institution.type';
import { Cohort, CohortConnection, EnrollmentConnection, EnrollmentFilter } from './cohort.type';

@Authorized()
@Resolver(() => Institution)
export class InstitutionCohortsResolver {
  @FieldResolver(() => CohortConnection, { description: 'Cohorts this institution runs, newest first (its admins)', complexity: connectionComplexity })
  cohorts(@Root() institution: InstitutionRow, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.loaders.cohortsOfInstitution.load({ parent: institution, args: { first: page.first, after: page.after } });
  }
}

@Authorized()
@Resolver(() => Cohort)
export class CohortEnrollmentsResolver {
  @FieldResolver(() => EnrollmentConnection, { description: 'Enrolments, newest first (admins of the cohort’s institution)', complexity: connectionComplexity })
  enrollments(
    @Root() cohort: CohortRow,
    @Arg('filter', () => EnrollmentFilter, { nullable: true }) filter: EnrollmentFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.loaders.enrollmentsOfCohort.load({ parent: cohort, args: { first: page.first, after: page.after, status: filter?.status } });
  }
}
