import { eq, sql } from 'drizzle-orm';
import { policy } from '../../auth/policy';
import type { Viewer } from '../../auth/viewer';
import { prepared, type Database, type Db } from '../../db/database';
import { certificateSignatories, type CertificateSignatoryRow } from '../../db/schema';
import { fail, rollbackOnUserErrors, UserErrorsAbort, type Result } from '../../core/errors';
import { Problems } from '../../core/problems';
import { recordAudit } from '../audit/audit.writer';
import type { SignatoryDocument } from '../credentials/certificate-document';
import { checkLogo } from '../credentials/signatory-logo';
import type { InstitutionService } from '../institutions/institution.service';
import { nipProblem } from '../learners/nip';

export interface SignatoryInput {
  institutionCode: string;
  name: string;
  position: string;
  nip: string;
  /** Base64 PNG or JPEG; omitted or empty: no logo. */
  logo?: string | null;
  expectedRevision?: number | null;
}

const signatoryOf = prepared((db) =>
  db.select().from(certificateSignatories).where(eq(certificateSignatories.institutionId, sql.placeholder('id'))).prepare(),
);

/** The signatory as a certificate document carries it. */
export function signatoryDocument(row: CertificateSignatoryRow | null): SignatoryDocument | null {
  if (!row) return null;
  const logo = row.logo && row.logoType ? { type: row.logoType, data: row.logo } : null;
  return { name: row.name, position: row.position, nip: row.nip, revision: row.revision, logo };
}

const sameLogo = (a: Buffer | null, b: Buffer | null) => (a === null || b === null ? a === b : a.equals(b));

/** Who signs an issuer's certificates: set by the issuer's admins, shown on every PDF and verification page it issued. */
export class SignatoryService {
  constructor(
    private readonly db: Database,
    private readonly institutions: InstitutionService,
  ) {}

  async forInstitution(institutionId: number, db: Db = this.db.read): Promise<CertificateSignatoryRow | null> {
    return (await signatoryOf(db).get({ id: institutionId })) ?? null;
  }

  /**
   * Replaces the signatory as a whole (a logo left out is removed). The same
   * values again change nothing, so certificates keep their PDF version;
   * anything else is the next revision, audited without the NIP.
   */
  async set(viewer: Viewer, input: SignatoryInput): Promise<Result<CertificateSignatoryRow>> {
    policy.requireRole(viewer, 'SUPERADMIN', 'INSTITUTION_ADMIN');
    const institution = policy.manageable(viewer, await this.institutions.findByCode(input.institutionCode), (i) => i.path, 'institution');
    const p = new Problems();
    if (!institution) p.add(['institutionCode'], 'NOT_FOUND', `No institution has code ${input.institutionCode}`);
    const name = p.text(input.name, ['name'], 'Name');
    const position = p.text(input.position, ['position'], 'Position');
    const nip = input.nip.trim();
    const nipIssue = nipProblem(nip, 'PNS');
    if (nipIssue) p.add(['nip'], 'INVALID_NIP', nipIssue);
    const logo = input.logo?.trim() ? checkLogo(input.logo) : null;
    if (logo && !logo.ok) p.add(['logo'], 'INVALID', logo.message);
    if (input.expectedRevision != null) p.intRange(input.expectedRevision, ['expectedRevision'], 'Expected revision', 0, 1_000_000_000);
    if (p.any || !institution || !name || !position) return fail(...p.list);
    const image = logo?.ok ? logo : null;

    return rollbackOnUserErrors(() =>
      this.db.write(async (tx) => {
        const current = await this.forInstitution(institution.id, tx);
        const revision = current?.revision ?? 0;
        if (input.expectedRevision != null && input.expectedRevision !== revision) {
          throw new UserErrorsAbort([
            { field: ['expectedRevision'], code: 'REVISION_CONFLICT', message: `Expected revision ${input.expectedRevision}, but the current revision is ${revision}` },
          ]);
        }
        if (
          current &&
          current.name === name &&
          current.position === position &&
          current.nip === nip &&
          current.logoType === (image?.type ?? null) &&
          sameLogo(current.logo, image?.bytes ?? null)
        ) {
          return current;
        }
        const values = { name, position, nip, logo: image?.bytes ?? null, logoType: image?.type ?? null, revision: revision + 1, updatedAt: new Date() };
        const saved = await tx
          .insert(certificateSignatories)
          .values({ institutionId: institution.id, ...values })
          .onConflictDoUpdate({ target: certificateSignatories.institutionId, set: values })
          .returning()
          .get();
        await recordAudit(tx, viewer, {
          action: 'setCertificateSignatory',
          targetType: 'Institution',
          targetId: institution.code,
          institutionId: institution.id,
          summary: `Certificates of ${institution.code} are signed by ${name} (${position})${image ? ', with a logo' : ''}; revision ${saved.revision}`,
        });
        return saved;
      }),
    );
  }
}
