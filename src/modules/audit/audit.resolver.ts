import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../composition/context';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { AuditLogEntry, AuditLogEntryConnection, AuditLogFilter } from './audit.type';

@Authorized()
@Resolver(() => AuditLogEntry)
export class AuditResolver {
  @Query(() => AuditLogEntryConnection, { description: 'Who changed what, newest first', complexity: connectionComplexity })
  auditLog(
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Arg('filter', () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.audit.list(ctx.viewer, { ...page, ...filter });
  }
}
