import { sharedLimits } from '../../src/composition/shared-limits';
import { CostRateLimiter } from '../../src/graphql/rate-limit';

/**
 * Forked by the `processes` bench: times the cost-limit check as a worker
 * makes it (a round trip to the parent, which answers as the primary does)
 * against the same check in-process, one call after another.
 */
const CALLS = 20_000;
const config = { RATE_LIMIT_COST_PER_MINUTE: 1e12 };

async function time(take: (i: number) => unknown): Promise<{ meanUs: number; p99Us: number }> {
  const each: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = process.hrtime.bigint();
    await take(i);
    each.push(Number(process.hrtime.bigint() - started) / 1000);
  }
  each.sort((a, b) => a - b);
  const mean = each.reduce((a, b) => a + b, 0) / each.length;
  return { meanUs: Number(mean.toFixed(1)), p99Us: Number(each[Math.floor(each.length * 0.99)].toFixed(1)) };
}

async function main() {
  const shared = sharedLimits(config);
  const local = new CostRateLimiter(config.RATE_LIMIT_COST_PER_MINUTE);
  await time((i) => shared.cost.take(`caller-${i % 100}`, 10)); // warm-up
  const sharedFigures = await time((i) => shared.cost.take(`caller-${i % 100}`, 10));
  const localFigures = await time((i) => local.take(`caller-${i % 100}`, 10));
  process.send!({ probe: { shared: sharedFigures, local: localFigures } }, () => process.disconnect());
}

void main();
