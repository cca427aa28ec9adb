/** The delivery rules of the contract, in one place. */
export const DELIVERY_RULES = {
  /** No answer within this is a failed attempt. */
  attemptTimeoutMs: 10_000,
  /** A failing event is FAILED this long after its first attempt; the next one then goes. */
  failAfterMs: 24 * 60 * 60 * 1000,
  /** A subscription without any 2xx for this long becomes inactive (its pending events are kept). */
  deactivateAfterMs: 3 * 24 * 60 * 60 * 1000,
  firstRetryMs: 10_000,
  maxRetryMs: 60 * 60 * 1000,
};

/**
 * The wait before attempt `attempts + 1`: doubling from 10 s up to an hour,
 * each drawn between half and all of it (jitter), so receivers that failed
 * together do not all come back at once.
 */
export function retryDelayMs(attempts: number, random: () => number): number {
  const ceiling = Math.min(DELIVERY_RULES.firstRetryMs * 2 ** Math.max(0, attempts - 1), DELIVERY_RULES.maxRetryMs);
  return Math.round(ceiling * (0.5 + random() / 2));
}
