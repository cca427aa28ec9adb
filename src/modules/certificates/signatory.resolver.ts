import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { CertificateSignatoryRow, InstitutionRow } from '../../db/schema';
import type { Context } from '../../composition/context';
import { payload } from '../../graphql/payload';
import { Institution } from '../institutions/institution.type';
import { maskNip } from '../learners/nip';
import { CertificateSignatory, SetCertificateSignatoryInput, SetCertificateSignatoryPayload } from './signatory.type';

@Authorized()
@Resolver(() => CertificateSignatory)
export class CertificateSignatoryResolver {
  @Mutation(() => SetCertificateSignatoryPayload, {
    description: "Sets who signs the institution's certificates (its admins); every certificate it issued shows the new signatory",
  })
  async setCertificateSignatory(@Arg('input', () => SetCertificateSignatoryInput) input: SetCertificateSignatoryInput, @Ctx() ctx: Context) {
    return payload(await ctx.services.signatories.set(ctx.viewer, input), (signatory) => ({ signatory }));
  }

  @FieldResolver(() => String)
  maskedNip(@Root() signatory: CertificateSignatoryRow) {
    return maskNip(signatory.nip);
  }

  @FieldResolver(() => Boolean)
  hasLogo(@Root() signatory: CertificateSignatoryRow) {
    return signatory.logo !== null;
  }
}

@Authorized()
@Resolver(() => Institution)
export class InstitutionSignatoryResolver {
  @FieldResolver(() => CertificateSignatory, { nullable: true, description: 'Who signs its certificates; public on them, so the NIP is masked' })
  certificateSignatory(@Root() institution: InstitutionRow, @Ctx() ctx: Context) {
    return ctx.loaders.signatoryOfInstitution.load(institution.id);
  }
}
