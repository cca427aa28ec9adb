import { Field, InputType, Int, ObjectType } from 'type-graphql';
import type { CertificateSignatoryRow } from '../../db/schema';
import { Payload } from '../../graphql/payload';
import { DateTimeScalar } from '../../graphql/scalars';
import { FileContent } from '../../graphql/variable-limits';

@ObjectType({ description: "Who signs an issuer's certificates, as the PDF and the verification page show them" })
export class CertificateSignatory {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Jabatan, e.g. Kepala BPSDM Provinsi Jawa Timur' })
  position!: string;

  @Field(() => String, { description: 'Masked as on the certificate: only the last 4 digits' })
  maskedNip!: string;

  @Field(() => Boolean)
  hasLogo!: boolean;

  @Field(() => Int, { description: 'Raised by one at every change; each is a new version of every certificate PDF of the issuer' })
  revision!: number;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;
}

@InputType()
export class SetCertificateSignatoryInput {
  @Field(() => String, { description: 'The issuing institution' })
  institutionCode!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'Jabatan' })
  position!: string;

  @Field(() => String, { description: '18-digit NIP; printed masked' })
  nip!: string;

  @Field(() => String, { nullable: true, description: 'PNG or JPEG in base64, up to 256 KB and 2048 pixels a side; omitted: no logo' })
  @FileContent()
  logo?: string | null;

  @Field(() => Int, { nullable: true, description: 'Write only if this is the current revision (0: only if none is set)' })
  expectedRevision?: number | null;
}

@ObjectType()
export class SetCertificateSignatoryPayload extends Payload {
  @Field(() => CertificateSignatory, { nullable: true })
  signatory?: CertificateSignatoryRow | null;
}
