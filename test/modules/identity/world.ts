import { SYSTEM } from '../../../src/auth/viewer';
import { op } from '../../support/contract';
import { dataOf, startTestApp, type TestApp } from '../../support/app';
import { CLIENT_ID, startOidcProvider, type TestOidcProvider } from '../../support/oidc-provider';

export const NIP_MALANG = '198501012010011001';
export const NIP_KUPANG = '199002022015022002';

export interface SignInWorld {
  t: TestApp;
  idp: TestOidcProvider;
  /** The id of the provider registered for KAB-MALANG's parent, BPSDM-JATIM. */
  providerId: string;
  /** The test clock the server reads; tests move it forward. */
  clock: { now: number };
  close(): Promise<void>;
}

/** BPSDM-JATIM > KAB-MALANG (Budi), KOTA-KUPANG (Maria), and a real provider registered for BPSDM-JATIM. */
export async function signInWorld(options: { createLearners?: boolean } = {}): Promise<SignInWorld> {
  const clock = { now: Date.now() };
  const t = await startTestApp({ OIDC_ALLOW_HTTP_ISSUERS: 'true' }, { now: () => clock.now });
  const idp = await startOidcProvider();
  await t.app.services.institutions.create(SYSTEM, { code: 'BPSDM-JATIM', name: 'BPSDM Jatim', kind: 'TRAINING_AGENCY' });
  await t.app.services.institutions.create(SYSTEM, { code: 'KAB-MALANG', name: 'Kab. Malang', kind: 'LOCAL_GOVERNMENT', parentCode: 'BPSDM-JATIM' });
  await t.app.services.institutions.create(SYSTEM, { code: 'KOTA-KUPANG', name: 'Kota Kupang', kind: 'LOCAL_GOVERNMENT' });
  await t.app.services.learners.importLearners(SYSTEM, {
    institutionCode: 'KAB-MALANG',
    learners: [{ nip: NIP_MALANG, name: 'Budi Santoso', employmentType: 'PNS', email: 'budi@malangkab.go.id' }],
  });
  await t.app.services.learners.importLearners(SYSTEM, {
    institutionCode: 'KOTA-KUPANG',
    learners: [{ nip: NIP_KUPANG, name: 'Maria Ndun', employmentType: 'PNS' }],
  });
  const registered = dataOf(
    await t.gql(op('RegisterIdentityProvider'), {
      input: { name: 'SSO Jatim', issuer: idp.issuer, audience: CLIENT_ID, institutionCode: 'BPSDM-JATIM', createLearners: options.createLearners ?? false },
    }),
  ).registerIdentityProvider;
  if (registered.userErrors.length) throw new Error(JSON.stringify(registered.userErrors));
  return {
    t,
    idp,
    providerId: registered.identityProvider.id,
    clock,
    async close() {
      await t.close();
      await idp.close();
    },
  };
}

/** The error code a bearer gets from WhoAmI, or 'ok'. */
export async function whoAmICode(t: TestApp, bearer: string): Promise<string> {
  const r = await t.gql(op('WhoAmI'), {}, bearer);
  return r.errors?.[0]?.extensions?.code ?? 'ok';
}
