import { chromiumSkipNotice, hasChromium } from './chromium';
import { preparePostgresTemplate } from './postgres-template';

/** Runs once per `vitest run`, so an optional test that is skipped is announced once, in plain words. */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (!hasChromium) console.log(chromiumSkipNotice);
  // The postgres project's template; the project's own env reaches only its test processes.
  const server = process.env.TEST_POSTGRES_URL ?? (process.env.TEST_DATABASE?.startsWith('postgres') ? process.env.TEST_DATABASE : undefined);
  if (server) return preparePostgresTemplate(server);
  return undefined;
}
