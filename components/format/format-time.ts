/** "2025-06-10 12:00:30 UTC": storage is UTC, and so is every absolute time we show. */
export function formatUtc(at: Date | number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** "12 s ago", "5 min ago", "in 3 h": coarse on purpose, the absolute time sits beside it. */
export function formatRelative(at: Date | number, now: number): string {
  const deltaMs = now - new Date(at).getTime();
  const span = formatSpan(Math.abs(deltaMs));
  if (Math.abs(deltaMs) < 1_000) return "just now";
  return deltaMs >= 0 ? `${span} ago` : `in ${span}`;
}

/** "45 s", "12 min", "3 h", "2 d". */
export function formatSpan(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

/** Axis ticks: clock time for short ranges, day and time for long ones, in UTC. */
export function formatUtcTick(at: number, withDate: boolean): string {
  const iso = new Date(at).toISOString();
  return withDate ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}
