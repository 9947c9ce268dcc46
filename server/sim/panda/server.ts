import { startSimServer, type SimRequest, type SimResponse } from "../core/http-server";
import type { PandaJobModel, PandaSimState } from "./job-model";

/** How the simulated PanDA server misbehaves; the control server sets these. */
export interface PandaSimFaults {
  /** Real waiting before each answer. */
  latencyMs: number;
  /** Answers 503 with an HTML page, as a server behind a failing proxy does. */
  down: boolean;
  /** Never answers. */
  timeout: boolean;
  /** Answers a body whose `data` does not have the documented shape. */
  malformed: boolean;
  /** Answers `success:false` with this message. */
  refuse: string | null;
}

export const NO_PANDA_FAULTS: PandaSimFaults = { latencyMs: 0, down: false, timeout: false, malformed: false, refuse: null };

export interface PandaSimEndpoint {
  /** The API base a client is configured with (`…/api/v1`). */
  url: string;
  token: string;
  faults: PandaSimFaults;
  setFaults(patch: Partial<PandaSimFaults>): void;
  close(): Promise<void>;
}

const ALWAYS_PRESENT: readonly PandaSimState[] = ["assigned", "activated", "running", "finished", "failed"];
const ACTIVE: readonly PandaSimState[] = ["assigned", "activated", "sent", "starting", "running", "holding", "transferring"];
/** The two resource types the sim's queues report; multi-core pilots take three jobs in four. */
const RESOURCE_SHARE = { MCORE: 0.75, SCORE: 0.25 } as const;

/**
 * Serves PanDA's v1 statistics API (`/api/v1/statistics/…`) over the job model: the
 * `{"success","message","data"}` envelope, a bearer token, the time_window check with
 * the server's own message, and the fault knobs above.
 */
export async function startPandaSim(model: PandaJobModel, options: { token: string; port?: number }): Promise<PandaSimEndpoint> {
  let faults: PandaSimFaults = { ...NO_PANDA_FAULTS };
  const server = await startSimServer((req) => answer(req), options.port ?? 0);

  async function answer(req: SimRequest): Promise<SimResponse | null> {
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (faults.timeout) return null;
    if (faults.down) return { status: 503, headers: { "content-type": "text/html" }, body: "<html><body><h1>503 Service Unavailable</h1></body></html>" };
    if (req.headers.authorization !== `Bearer ${options.token}`) return envelope(403, false, "Authentication failed: a valid token is required", null);
    const match = /^\/api\/v1\/statistics\/([a-z_]+)$/.exec(req.url.pathname);
    if (req.method !== "GET" || !match) return envelope(404, false, `No such API: ${req.method} ${req.url.pathname}`, null);
    if (faults.refuse !== null) return envelope(200, false, faults.refuse, null);
    const windowText = req.url.searchParams.get("time_window");
    const windowMin = windowText === null ? 720 : Number(windowText);
    if (!Number.isInteger(windowMin) || windowMin <= 0 || windowMin > 10_080) {
      return envelope(200, false, "time_window needs to be a positive integer smaller than 10080", null);
    }
    const counts = model.countJobs(windowMin);
    if (faults.malformed) return envelope(200, true, "", Object.fromEntries([...counts.keys()].map((site) => [site, "n/a"])));
    switch (match[1]) {
      case "job_stats_by_site_and_resource_type":
        return envelope(200, true, "", Object.fromEntries([...counts].map(([site, c]) => [site, splitByResourceType(c, Object.keys(c) as PandaSimState[])])));
      case "active_job_stats_by_site":
        return envelope(200, true, "", Object.fromEntries([...counts].map(([site, c]) => [site, pick(c, ACTIVE)])));
      default:
        return envelope(404, false, `No such API: ${match[1]}`, null);
    }
  }

  return {
    url: `${server.url}/api/v1`,
    token: options.token,
    get faults() {
      return faults;
    },
    setFaults: (patch) => {
      faults = { ...faults, ...patch };
    },
    close: () => server.close(),
  };
}

function envelope(status: number, success: boolean, message: string, data: unknown): SimResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify({ success, message, data }) };
}

/** A state with no jobs is left out, except the five the server always fills with 0. */
function pick(counts: Record<PandaSimState, number>, states: readonly PandaSimState[]): Record<string, number> {
  return Object.fromEntries(states.filter((s) => counts[s] > 0 || ALWAYS_PRESENT.includes(s)).map((s) => [s, counts[s]]));
}

function splitByResourceType(counts: Record<PandaSimState, number>, states: readonly PandaSimState[]): Record<string, Record<string, number>> {
  const mcore = Object.fromEntries(states.map((s) => [s, Math.round(counts[s] * RESOURCE_SHARE.MCORE)])) as Record<PandaSimState, number>;
  const score = Object.fromEntries(states.map((s) => [s, counts[s] - mcore[s]])) as Record<PandaSimState, number>;
  return { MCORE: pick(mcore, states), SCORE: pick(score, states) };
}
