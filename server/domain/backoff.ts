/** Longest wait between polls of a failing cloud, as a multiple of its normal interval. */
export const MAX_BACKOFF_FACTOR = 10;

/**
 * When to poll next: the normal interval after a success, exponential backoff after
 * failures, with ±20 % jitter so that many clouds do not poll in lockstep.
 */
export function computeNextPollDelayMs(intervalMs: number, consecutiveFailures: number, random: () => number): number {
  const factor = consecutiveFailures === 0 ? 1 : Math.min(2 ** (consecutiveFailures - 1), MAX_BACKOFF_FACTOR);
  const jitter = 0.8 + random() * 0.4;
  return Math.round(intervalMs * factor * jitter);
}
