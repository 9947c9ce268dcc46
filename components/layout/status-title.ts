import type { CloudStatus } from "@/server/domain/vocabulary";

const PREFIX = /^\([^)]*\) /;

/** "(2 down, 1 degraded, 3 firing) Overview · cloudscope": what another tab's title tells a shifter. */
export function buildStatusTitle(title: string, clouds: ReadonlyArray<{ status: CloudStatus }>, firing: number): string {
  const base = title.replace(PREFIX, "");
  const down = clouds.filter((c) => c.status === "down").length;
  const degraded = clouds.filter((c) => c.status === "degraded").length;
  const parts = [down && `${down} down`, degraded && `${degraded} degraded`, firing && `${firing} firing`].filter(Boolean);
  return parts.length > 0 ? `(${parts.join(", ")}) ${base}` : base;
}
