import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const origin = () => new URL(t.url).origin;

it('serves the issuer keys and the credential routes from the application server', async () => {
  const jwks = await fetch(`${origin()}/.well-known/jwks.json`);
  expect(jwks.status).toBe(200);
  expect(await jwks.json()).toEqual(t.app.services.credentials.jwks());
  expect(t.app.services.credentials.verificationUrl('abc')).toBe(`${t.app.config.publicBaseUrl}/certificates/abc`);

  // Nothing is issued yet: every code is unknown, and no status list exists.
  const page = await fetch(`${origin()}/certificates/AAAAAAAAAAAAAAAAAAAAAA`);
  expect(page.status).toBe(404);
  expect(await page.text()).toContain('Sertifikat tidak ditemukan');
  expect((await fetch(`${origin()}/credentials/status/1`)).status).toBe(404);
});
