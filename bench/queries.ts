import { queryRows, type Db } from "@/db/client";
import { resolveChartRange, seriesInput } from "@/server/services/lib/chart-range";
import { getOverview } from "@/server/services/get-overview";
import { getVmStateSeries } from "@/server/services/get-vm-state-series";
import { listVms, listVmsInput } from "@/server/services/list-vms";
import { timeRuns, type Percentiles } from "./stats";

export interface QueryFigure {
  figure: Percentiles;
  baseline: Percentiles;
}

export interface QueryFigures {
  overview: QueryFigure;
  vmsPage: QueryFigure;
  chart30d: QueryFigure;
  /** The same 30-day chart bucketed from raw minutes: what the rollups save. */
  chart30dFromMinutes: Percentiles;
  /** Differences between a service's answer and its bare query's, if any. */
  mismatches: string[];
}

const VM_PAGE = listVmsInput.parse({ states: ["running"], sort: "name", dir: "asc", page: 3, pageSize: 50 });

const STATE_SUMS = "sum(requested) as requested, sum(booting) as booting, sum(running) as running, sum(draining) as draining, sum(error) as error, sum(lost) as lost";
const STATE_AVGS = "avg(requested) as requested, avg(booting) as booting, avg(running) as running, avg(draining) as draining, avg(error) as error, avg(lost) as lost";

export async function measureQueries(db: Db, now: Date): Promise<QueryFigures> {
  const mismatches: string[] = [];
  // Bare SQL through the same engine connection (statements cached as the services' are).
  const bare = (sql: string, params: unknown[] = []) => () => queryRows(db, sql, params);

  const bareTally = bare("select cloud_id, state, count(*) as n from vm group by cloud_id, state");
  const overviewLive = (await getOverview({ db })).totals.live;
  const bareLive = (await bareTally()).filter((r) => r.state !== "terminated" && r.state !== "lost").reduce((s, r) => s + Number(r.n), 0);
  if (overviewLive !== bareLive) mismatches.push(`overview: ${overviewLive} live VMs, bare query ${bareLive}`);
  const overview = {
    figure: await timeRuns(() => getOverview({ db }), { iterations: 200 }),
    baseline: await timeRuns(bareTally, { iterations: 200 }),
  };

  const bareCount = bare("select count(*) as n from vm where state in ('running')");
  const barePage = bare(`
    select v.id, v.cloud_id, c.name as cloud_name, v.provider_id, v.name, v.queue, v.image_ref, ci.name as image_name,
           v.flavor_ref, f.name as flavor_name, v.ip, v.state, v.raw_state, v.stale, v.last_error,
           v.created_at, v.last_seen_at, v.state_changed_at
    from vm v
    join cloud c on c.id = v.cloud_id
    left join cloud_image ci on ci.cloud_id = v.cloud_id and ci.provider_id = v.image_ref
    left join flavor f on f.cloud_id = v.cloud_id and f.provider_id = v.flavor_ref
    where v.state in ('running')
    order by v.name, v.id
    limit ${VM_PAGE.pageSize} offset ${(VM_PAGE.page - 1) * VM_PAGE.pageSize}`);
  const runBarePage = async () => ({ total: Number((await bareCount())[0]!.n), rows: await barePage() });
  const servicePage = await listVms({ db, input: VM_PAGE });
  const barePageRows = await runBarePage();
  if (servicePage.total !== barePageRows.total || servicePage.rows.map((r) => r.id).join() !== barePageRows.rows.map((r) => Number(r.id)).join()) {
    mismatches.push(`vms.page: service returned ${servicePage.rows.length} of ${servicePage.total}, bare query ${barePageRows.rows.length} of ${barePageRows.total} (or other ids)`);
  }
  const vmsPage = {
    figure: await timeRuns(() => listVms({ db, input: VM_PAGE }), { iterations: 100 }),
    baseline: await timeRuns(runBarePage, { iterations: 100 }),
  };

  const chartInput = seriesInput.parse({ range: "30d" });
  const { from, to } = resolveChartRange("30d", now);
  const bareHours = bare(`select ts, ${STATE_SUMS} from sample_hour where ts >= ? and ts <= ? group by ts order by ts`, [from, to]);
  const bareMinutes = bare(
    `
    select bucket as ts, ${STATE_SUMS} from (
      select ts - ts % 3600000 as bucket, cloud_id, ${STATE_AVGS}
      from sample_minute where ts >= ? and ts <= ? group by bucket, cloud_id
    ) as per_cloud group by bucket order by bucket`,
    [from, to],
  );
  const servicePoints = (await getVmStateSeries({ db, input: chartInput, now })).points.length;
  const barePoints = (await bareHours()).length;
  if (servicePoints !== barePoints) mismatches.push(`chart.30d: service returned ${servicePoints} points, bare query ${barePoints}`);
  const chart30d = {
    figure: await timeRuns(() => getVmStateSeries({ db, input: chartInput, now }), { iterations: 50 }),
    baseline: await timeRuns(bareHours, { iterations: 50 }),
  };
  const chart30dFromMinutes = await timeRuns(bareMinutes, { iterations: 3, warmup: 1 });

  return { overview, vmsPage, chart30d, chart30dFromMinutes, mismatches };
}
