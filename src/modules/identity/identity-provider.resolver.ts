import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { IdentityProviderRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { andThen } from '../../core/errors';
import { ConnectionArgs, connectionComplexity } from '../../graphql/connection';
import { withRowIds } from '../../graphql/node';
import { payload } from '../../graphql/payload';
import { Institution } from '../institutions/institution.type';
import {
  IdentityProvider,
  IdentityProviderConnection,
  RegisterIdentityProviderInput,
  RegisterIdentityProviderPayload,
  SetIdentityProviderActiveInput,
  SetIdentityProviderActivePayload,
} from './identity-provider.type';

@Authorized()
@Resolver(() => IdentityProvider)
export class IdentityProviderResolver {
  @Query(() => IdentityProviderConnection, { description: 'Identity providers signing in people of your institutions', complexity: connectionComplexity })
  identityProviders(@Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() ctx: Context) {
    return ctx.services.identityProviders.list(ctx.viewer, page);
  }

  @Mutation(() => RegisterIdentityProviderPayload, { description: 'SUPERADMIN: lets an institution\'s OpenID Connect provider sign its learners in' })
  async registerIdentityProvider(@Arg('input', () => RegisterIdentityProviderInput) input: RegisterIdentityProviderInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.identityProviders.register(ctx.viewer, input), (identityProvider) => ({ identityProvider }));
  }

  @Mutation(() => SetIdentityProviderActivePayload, { description: "SUPERADMIN: an inactive provider's tokens are refused at once" })
  async setIdentityProviderActive(@Arg('input', () => SetIdentityProviderActiveInput) input: SetIdentityProviderActiveInput, @Ctx() ctx: Context) {
    const result = await andThen(withRowIds(input, { id: 'IdentityProvider' }), (decoded) =>
      ctx.services.identityProviders.setActive(ctx.viewer, decoded.id, decoded.active),
    );
    return payload(result, (identityProvider) => ({ identityProvider }));
  }

  @FieldResolver(() => Institution)
  institution(@Root() provider: IdentityProviderRow, @Ctx() ctx: Context) {
    return ctx.loaders.institutionById.load(provider.institutionId);
  }
}
