import { queryRows, type Db } from "@/db/client";
import { evaluateAlerts, type AlertRuleInput, type CloudReadings } from "@/server/domain/alert-evaluation";
import { scoreCloudHealth } from "@/server/domain/health";
import { HEALTH_SIGNALS } from "@/server/domain/vocabulary";
import { renderMetrics } from "@/server/metrics/render-metrics";
import { readHealthInput } from "@/server/services/read-health-input";
import { readMetrics } from "@/server/services/read-metrics";
import { timeRuns, type Percentiles } from "./stats";

export const RULE_COUNT = 500;

export interface AlertFigures {
  /** One alert tick without its writes: every cloud's signals read and scored, RULE_COUNT rules evaluated. */
  tick: Percentiles;
  tickBaseline: Percentiles;
  metrics: Percentiles;
  metricsBaseline: Percentiles;
  mismatches: string[];
}

/** RULE_COUNT rules over the signals (thresholds spread so some hold), as an installation with many per-cloud tunings would have. */
function buildRules(): AlertRuleInput[] {
  return Array.from({ length: RULE_COUNT }, (_, i) => ({ id: i + 1, signal: HEALTH_SIGNALS[i % HEALTH_SIGNALS.length]!, threshold: i % 10, forSec: 60, severity: "warning", enabled: true }));
}

export async function measureAlerts(db: Db, cloudIds: readonly number[], now: Date): Promise<AlertFigures> {
  const rules = buildRules();
  const tickOnce = async () => {
    const clouds: CloudReadings[] = [];
    for (const cloudId of cloudIds) {
      const input = await readHealthInput(db, cloudId, now);
      const signals = input ? scoreCloudHealth(input).signals : undefined;
      if (signals) clouds.push({ cloudId, cloudName: String(cloudId), signals });
    }
    return evaluateAlerts({ rules, clouds, open: [], now });
  };
  // The reads a tick needs, in bare SQL, fleet-wide at once.
  const bareTick = async () => {
    await queryRows(db, "select cloud_id, state, count(*) as n, min(state_changed_at) as since from vm where state in ('requested','booting','running','draining','error') group by cloud_id, state");
    await queryRows(db, "select * from poll_state");
    await queryRows(db, "select cloud_id, count(*) as n from vm_event where to_state = 'lost' and at > ? group by cloud_id", [now.getTime() - 3_600_000]);
  };

  const metricsOnce = async () => renderMetrics(await readMetrics({ db, input: { now } }));
  const bareMetrics = () => queryRows(db, "select c.name, v.state, count(*) as n from vm v join cloud c on c.id = v.cloud_id group by c.name, v.state");

  const mismatches: string[] = [];
  const exported = (await metricsOnce()).body
    .split("\n")
    .filter((line) => line.startsWith("cloudscope_vms{"))
    .reduce((sum, line) => sum + Number(line.split(" ").at(-1)), 0);
  const counted = (await bareMetrics()).reduce((sum, r) => sum + Number(r.n), 0);
  if (exported !== counted) mismatches.push(`metrics: ${exported} VMs exported, bare query ${counted}`);

  return {
    tick: await timeRuns(tickOnce, { iterations: 50 }),
    tickBaseline: await timeRuns(bareTick, { iterations: 50 }),
    metrics: await timeRuns(metricsOnce, { iterations: 100 }),
    metricsBaseline: await timeRuns(bareMetrics, { iterations: 100 }),
    mismatches,
  };
}
