/** A lease as the planner sees it. */
export interface HeldLease {
  name: string;
  owner: string;
  until: Date;
}

export interface LeasePlan {
  /** Leases this worker holds and keeps. */
  renew: string[];
  /** Free or run-out leases it takes now. */
  take: string[];
  /** Leases it gives up: over its fair share, or for work that no longer exists. */
  release: string[];
}

/** A worker as its heartbeat shows it. */
export interface Peer {
  id: string;
  beatAt: Date;
  startedAt: Date;
}

/**
 * Which of `names` one worker should hold: about its fair share among the live workers (so
 * a second worker halves the first's load), plus every lease that ran out, whoever had it:
 * its holder stopped renewing, so a survivor takes over within one lease period. A lease
 * still running under another owner is never taken; one of ours is kept even if it ran out,
 * as long as nobody else took it.
 */
export function planLeases(input: { me: string; names: readonly string[]; held: readonly HeldLease[]; peers: readonly Peer[]; now: Date; leaseMs: number; liveWindowMs: number }): LeasePlan {
  const { me, names, held, now } = input;
  const wanted = new Set(names);
  const byName = new Map(held.map((l) => [l.name, l]));
  const mine = held.filter((l) => l.owner === me && wanted.has(l.name)).map((l) => l.name).sort();
  const gone = held.filter((l) => l.owner === me && !wanted.has(l.name)).map((l) => l.name);
  const ranOut = names.filter((n) => {
    const lease = byName.get(n);
    return lease !== undefined && lease.owner !== me && lease.until.getTime() <= now.getTime();
  });
  const unheld = names.filter((n) => !byName.has(n));
  const share = Math.ceil(names.length / countLiveWorkers(input));
  if (mine.length > share) return { renew: mine.slice(0, share), take: [], release: [...gone, ...mine.slice(share)] };
  // Spread the unheld ones: each worker starts its pick at a different place in the list.
  const start = unheld.length > 0 ? hashOf(me) % unheld.length : 0;
  const rotated = [...unheld.slice(start), ...unheld.slice(0, start)];
  return { renew: mine, take: [...ranOut, ...rotated.slice(0, Math.max(0, share - mine.length - ranOut.length))], release: gone };
}

/**
 * Workers that share the work: this one, and every other that beats and either holds a
 * running lease or has just started (it takes its first leases within one renewal). A
 * killed worker stops counting when its leases run out, as they pass to the survivors.
 */
function countLiveWorkers(input: { me: string; held: readonly HeldLease[]; peers: readonly Peer[]; now: Date; leaseMs: number; liveWindowMs: number }): number {
  const now = input.now.getTime();
  const holding = new Set(input.held.filter((l) => l.until.getTime() > now).map((l) => l.owner));
  const others = input.peers.filter(
    (p) => p.id !== input.me && now - p.beatAt.getTime() < input.liveWindowMs && (holding.has(p.id) || now - p.startedAt.getTime() < input.leaseMs),
  );
  return 1 + others.length;
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
