import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, hasChromium } from '../../support/chromium';
import { fixture, startCredentialServer, type CredentialServer } from './credential-server';

// Optional: without Chromium this is skipped and the global setup says so once.

describe.skipIf(!hasChromium)('verification page in headless Chromium', () => {
  let s: CredentialServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await startCredentialServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  /** Opens a URL with JavaScript off, as the page must work without it, and records every console error. */
  async function open(url: string): Promise<{ page: Page; status: number | undefined; errors: string[] }> {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(url, { waitUntil: 'load' });
    return { page, status: response?.status(), errors };
  }

  it('shows a valid certificate as valid, with no console errors', async () => {
    const doc = s.add(fixture());
    const { page, status, errors } = await open(s.service.verificationUrl(doc.verificationCode));
    expect(status).toBe(200);
    expect(await page.title()).toBe(`Verifikasi sertifikat ${doc.number}`);
    expect(await page.locator('h1').innerText()).toBe('Sertifikat SAH / valid');
    const text = await page.locator('main').innerText();
    expect(text).toContain('Siti Rahmawati');
    expect(text).toContain('**************2003');
    expect(await page.locator('a', { hasText: 'Unduh sertifikat (PDF)' }).getAttribute('href')).toBe(s.service.pdfUrl(doc.verificationCode));
    expect(errors).toEqual([]);
  });

  it('shows a revoked certificate as revoked with its reason', async () => {
    const doc = s.add(fixture());
    s.revoke(doc, 'Sertifikat ganda');
    const { page, errors } = await open(s.service.verificationUrl(doc.verificationCode));
    expect(await page.locator('h1').innerText()).toBe('Sertifikat DICABUT');
    expect(await page.locator('.status').innerText()).toContain('Alasan: Sertifikat ganda');
    expect(errors).toEqual([]);
  });

  it('shows an unknown code as not found', async () => {
    const { page, status, errors } = await open(`${s.base}/certificates/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(status).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Sertifikat tidak ditemukan');
    // The only console message Chromium may log is the 404 status of the document itself.
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  });

  it('shows a hostile holder name as text, never as markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const doc = s.add(fixture({ holder: { name: hostile, nip: null, email: null } }));
    const { page, errors } = await open(s.service.verificationUrl(doc.verificationCode));
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('dd', { hasText: hostile }).innerText()).toBe(hostile);
    expect(errors).toEqual([]);
  });
});
