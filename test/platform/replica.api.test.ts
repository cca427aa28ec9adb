import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startTestApp, type TestApp } from '../support/app';
import { sqlRow } from '../support/sql';
import { freshDatabaseUrl, testEngine } from '../support/test-database';

const CATALOGUE = `{ curricula(first: 50) { totalCount edges { node { code } } } webinarSessions(first: 50) { totalCount } }`;
const VERIFY = `query ($code: String!) { verifyCertificate(code: $code) { valid number } }`;
const CERTIFICATE = `query ($number: String!) { certificate(number: $number) { number } }`;

/**
 * DATABASE_REPLICA_URL names a database the public catalogue and the verify
 * page read, and nothing else does. Here the "replica" is a second database
 * holding the demo data while the primary starts empty, so which one answered
 * each read shows in its answer: a lagging replica, taken to the extreme.
 */
describe.skipIf(testEngine !== 'postgres')('reads that may lag go to the replica; the rest to the primary', () => {
  let primary: TestApp;
  let replicaUrl: string;
  let certificate: { number: string; verificationCode: string };

  beforeAll(async () => {
    replicaUrl = await freshDatabaseUrl(null);
    const seeded = await startTestApp({ DATABASE_URL: replicaUrl, SEED_DEMO: 'true' });
    certificate = (await sqlRow<{ number: string; verificationCode: string }>(
      seeded.app.db,
      `SELECT number, verification_code AS "verificationCode" FROM certificates WHERE status = 'VALID' ORDER BY id LIMIT 1`,
    ))!;
    await seeded.close();
    primary = await startTestApp({ DATABASE_REPLICA_URL: replicaUrl });
  }, 120_000);

  afterAll(async () => {
    await primary?.close();
  });

  it('an anonymous caller sees the catalogue on the replica', async () => {
    const { curricula, webinarSessions } = dataOf(await primary.gql(CATALOGUE, {}, null));
    expect(curricula.totalCount).toBeGreaterThan(0);
    expect(curricula.edges).toHaveLength(curricula.totalCount);
    expect(webinarSessions.totalCount).toBeGreaterThan(0);
    expect(await (await fetch(new URL('/healthz', primary.url))).json()).toEqual({ status: 'ok', database: 'migrated', replica: 'ok' });
  });

  it('an admin who may write drafts lists the primary, which has none of it', async () => {
    const { curricula } = dataOf(await primary.gql(CATALOGUE));
    expect(curricula.totalCount).toBe(0);
  });

  it('the verify page and verifyCertificate read the replica', async () => {
    expect(dataOf(await primary.gql(VERIFY, { code: certificate.verificationCode }, null)).verifyCertificate).toEqual({ valid: true, number: certificate.number });
    const page = await fetch(new URL(`/certificates/${certificate.verificationCode}`, primary.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(certificate.number);
  });

  it('an authenticated read of the same certificate goes to the primary', async () => {
    expect(dataOf(await primary.gql(CERTIFICATE, { number: certificate.number })).certificate).toBeNull();
  });

  it('a write lands on the primary: its writer reads it back at once, the replica does not have it', async () => {
    const created = await primary.gql(`mutation { createInstitution(input: { code: "PRIMARY-ONLY", name: "Only on the primary", kind: GOVERNMENT_UNIT }) { institution { code } userErrors { message } } }`);
    expect(dataOf(created).createInstitution.userErrors).toEqual([]);
    expect(dataOf(await primary.gql(`{ institution(code: "PRIMARY-ONLY") { code } }`)).institution).toEqual({ code: 'PRIMARY-ONLY' });
    const onReplica = await startTestApp({ DATABASE_URL: replicaUrl });
    try {
      expect(await sqlRow(onReplica.app.db, `SELECT code FROM institutions WHERE code = 'PRIMARY-ONLY'`)).toBeUndefined();
    } finally {
      await onReplica.close();
    }
  });
});

describe.skipIf(testEngine !== 'postgres')('a replica that cannot be reached', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Port 1 on loopback: nothing listens, so every connection is refused.
    t = await startTestApp({ DATABASE_REPLICA_URL: 'postgres://bangkom:bangkom@127.0.0.1:1/none', SEED_DEMO: 'true' });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('leaves the catalogue served, from the primary, and says so on /healthz', async () => {
    const anonymous = dataOf(await t.gql(CATALOGUE, {}, null));
    const admin = dataOf(await t.gql(CATALOGUE));
    expect(anonymous.curricula.totalCount).toBeGreaterThan(0);
    expect(anonymous.curricula.totalCount).toBe(admin.curricula.totalCount);
    expect(anonymous.webinarSessions.totalCount).toBeGreaterThan(0);
    const health = await fetch(new URL('/healthz', t.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', database: 'migrated', replica: 'unreachable' });
  });
});
