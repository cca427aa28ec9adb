import { existsSync } from 'node:fs';

/** The browser test drives a system Chromium through playwright-core, which downloads none. CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const hasChromium = existsSync(CHROMIUM_PATH);

export const chromiumSkipNotice =
  `SKIPPED: the verification page browser test (test/modules/credentials/verification-page.browser.test.ts): ` +
  `no Chromium at ${CHROMIUM_PATH}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`;
