/** Workers beat every 2 s; one silent for five beats is taken for dead (the health check and the fair share agree). */
export const WORKER_HEARTBEAT_MS = 2_000;
export const WORKER_LIVE_MS = 5 * WORKER_HEARTBEAT_MS;
/** A dead worker stays listed this long, so a crash is visible for a while after it. */
export const WORKER_FORGET_MS = 3_600_000;
