import { chromiumSkipNotice, hasChromium } from './chromium';
import { preparePostgresTemplate } from './postgres-template';
import { TEST_DATABASE, testEngine } from './test-database';

/** Runs once per `vitest run`, so an optional test that is skipped is announced once, in plain words. */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (!hasChromium) console.log(chromiumSkipNotice);
  if (testEngine === 'postgres') return preparePostgresTemplate(TEST_DATABASE);
  return undefined;
}
