import type { CredentialUrls } from './credential-urls';
import { achievement, OB_V3_CONTEXT, VC_V2_CONTEXT, type AchievementFacts } from './open-badge';

export interface IssuerFacts {
  code: string;
  name: string;
}

export type CompetencyGroup = 'TECHNICAL' | 'MANAGERIAL' | 'SOCIO_CULTURAL';

export interface CompetencyFacts {
  code: string;
  name: string;
  description: string | null;
  group: CompetencyGroup;
}

/** How the identity routes find issuers and competencies by code; the institutions and competencies services answer. */
export interface IdentitySource {
  findIssuer(code: string): IssuerFacts | null | Promise<IssuerFacts | null>;
  findCompetency(code: string): CompetencyFacts | null | Promise<CompetencyFacts | null>;
}

/** The ASN competency groups as Indonesian regulations name them. */
export const COMPETENCY_GROUP_LABELS: Record<CompetencyGroup, string> = {
  TECHNICAL: 'Kompetensi teknis',
  MANAGERIAL: 'Kompetensi manajerial',
  SOCIO_CULTURAL: 'Kompetensi sosial kultural',
};

const withContext = <T extends object>(body: T) => ({ '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT], ...body });

/** OB 3.0 Profile of an issuer (required: id, type), served at the id credentials name it by. */
export const profileDocument = (issuer: IssuerFacts, urls: CredentialUrls) =>
  withContext({
    id: urls.issuer(issuer.code),
    type: ['Profile'],
    name: issuer.name,
    otherIdentifier: [{ type: 'IdentifierEntry', identifier: issuer.code, identifierType: 'identifier' }],
  });

export const achievementDocument = (facts: AchievementFacts, urls: CredentialUrls) => withContext(achievement(facts, urls));

/** A competency an achievement aligns to, as an OB 3.0 Achievement of type Competency. */
export const competencyDocument = (competency: CompetencyFacts, urls: CredentialUrls) =>
  withContext({
    id: urls.competency(competency.code),
    type: ['Achievement'],
    achievementType: 'Competency',
    name: competency.name,
    description: competency.description ?? `${COMPETENCY_GROUP_LABELS[competency.group]}: ${competency.name}`,
    criteria: { narrative: `Menunjukkan ${COMPETENCY_GROUP_LABELS[competency.group].toLowerCase()} ${competency.name} (${competency.code}).` },
    humanCode: competency.code,
    tag: [COMPETENCY_GROUP_LABELS[competency.group]],
    inLanguage: 'id',
  });
