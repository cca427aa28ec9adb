import type { CredentialUrls } from './credential-urls';
import { VC_V2_CONTEXT } from './open-badge';
import { revocationBitstring } from './status-list';

/** How long verifiers may cache a status list (also the HTTP max-age). */
export const STATUS_LIST_TTL_SECONDS = 300;

/** A W3C BitstringStatusListCredential for revocation, unsigned; the platform (key holder) is its issuer. */
export function statusListCredential(list: number, revokedIds: Iterable<number>, urls: CredentialUrls, now: Date) {
  const id = urls.statusList(list);
  return {
    '@context': [VC_V2_CONTEXT],
    id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: urls.base,
    validFrom: new Date(Math.floor(now.getTime() / 1000) * 1000).toISOString(),
    credentialSubject: {
      id: `${id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      ttl: STATUS_LIST_TTL_SECONDS * 1000,
      encodedList: revocationBitstring(list, revokedIds),
    },
  };
}
