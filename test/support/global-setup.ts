import { chromiumSkipNotice, hasChromium } from './chromium';

/** Runs once per `vitest run`, so an optional test that is skipped is announced once, in plain words. */
export default function setup(): void {
  if (!hasChromium) console.log(chromiumSkipNotice);
}
