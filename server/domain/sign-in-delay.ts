/**
 * The progressive sign-in delay, as pure decisions. Each key (a username, a client address,
 * a username at an address) counts the failures of its current run; after a few free ones,
 * the next attempt waits longer, up to one a minute. A run ends after ten quiet minutes.
 */

export const SIGN_IN_RUN_MS = 10 * 60_000;
/** An address the user signed in from within this long is theirs: the username's shared delay does not apply to it. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60_000;

export interface DelaySchedule {
  /** Failures in a run that cost no wait. */
  free: number;
  /** Waits after each further failure; the last repeats. */
  stepsMs: readonly number[];
}

/** Per username (all addresses together) and per username at one address: at most 12 guesses in the first ten minutes, 10 in each after. */
export const USERNAME_SCHEDULE: DelaySchedule = { free: 2, stepsMs: [30_000, 60_000] };
/** Per address, across usernames: roomier, as many people may share one address (NAT). */
export const ADDRESS_SCHEDULE: DelaySchedule = { free: 10, stepsMs: [30_000, 60_000] };

export interface ThrottleRecord {
  failures: number;
  lastFailureAt: number;
  lastSuccessAt: number | null;
}

/** Failures in the record's current run (none once the run has gone quiet). */
export function countRunFailures(record: ThrottleRecord | undefined, now: number): number {
  return record && now - record.lastFailureAt < SIGN_IN_RUN_MS ? record.failures : 0;
}

/** How long the next attempt must still wait under one key (0: it may go now). */
export function computeWaitMs(record: ThrottleRecord | undefined, schedule: DelaySchedule, now: number): number {
  const failures = countRunFailures(record, now);
  if (!record || failures < schedule.free) return 0;
  const step = schedule.stepsMs[Math.min(failures - schedule.free, schedule.stepsMs.length - 1)] ?? 0;
  return Math.max(0, record.lastFailureAt + step - now);
}

export function isKnownAddress(pair: ThrottleRecord | undefined, now: number): boolean {
  return pair?.lastSuccessAt != null && now - pair.lastSuccessAt < KNOWN_ADDRESS_MS;
}

export interface ThrottleKeys {
  user: string;
  pair: string | null;
  address: string | null;
}

export function buildThrottleKeys(username: string, address: string | null): ThrottleKeys {
  return { user: `user:${username}`, pair: address ? `pair:${username}|${address}` : null, address: address ? `addr:${address}` : null };
}

/**
 * The wait before an attempt for `keys`. From an address the user signed in from before,
 * the username's own run there counts instead of the shared one, so guesses from elsewhere
 * cannot keep the user out.
 */
export function computeAttemptWaitMs(keys: ThrottleKeys, records: ReadonlyMap<string, ThrottleRecord>, now: number): number {
  const pair = keys.pair ? records.get(keys.pair) : undefined;
  const nameKey = keys.pair && isKnownAddress(pair, now) ? keys.pair : keys.user;
  const nameWait = computeWaitMs(records.get(nameKey), USERNAME_SCHEDULE, now);
  const addressWait = keys.address ? computeWaitMs(records.get(keys.address), ADDRESS_SCHEDULE, now) : 0;
  return Math.max(nameWait, addressWait);
}
