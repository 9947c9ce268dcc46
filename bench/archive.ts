import { connectionOf, queryRows, type Db } from "@/db/client";
import { LIVE_VM_STATES } from "@/server/domain/vocabulary";
import { exportRequest, streamExport } from "@/server/services/export-table";
import { getVm } from "@/server/services/get-vm";
import { summarize, timeRuns, type Percentiles } from "./stats";

export const ARCHIVED_VMS = 500_000;
/** Archived ids start here, far above the hot table's, as ids never go back. */
const FIRST_ARCHIVED_ID = 10_000_000;

/**
 * Fills vm_archive (one transition each in vm_event_archive) with `ARCHIVED_VMS` terminated
 * VMs spread over the clouds, in one statement per table (a recursive series, both engines).
 */
export async function seedArchive(db: Db, cloudIds: readonly number[], now: number): Promise<void> {
  const first = Math.min(...cloudIds);
  if (Math.max(...cloudIds) - first + 1 !== cloudIds.length) throw new Error("the bench clouds' ids are not contiguous");
  const series = `with recursive n(i) as (select 1 union all select i + 1 from n where i < ${ARCHIVED_VMS})`;
  const ended = now - 30 * 86_400_000;
  const connection = connectionOf(db);
  await db.transaction(async () => {
    await connection.execute(
      `insert into vm_archive (id, cloud_id, provider_id, name, state, raw_state, terminated_at, last_seen_at, state_changed_at, stale, archived_at)
       ${series}
       select ${FIRST_ARCHIVED_ID} + i, ${first} + (i % ${cloudIds.length}), 'archived-' || i, 'archived-worker-' || i, 'terminated', 'DELETED', ?, ?, ?, 0, ? from n`,
      [ended, ended, ended, now],
      "run",
    );
    await connection.execute(
      `insert into vm_event_archive (id, vm_id, cloud_id, at, from_state, to_state, raw_state)
       ${series}
       select ${FIRST_ARCHIVED_ID} + i, ${FIRST_ARCHIVED_ID} + i, ${first} + (i % ${cloudIds.length}), ?, 'running', 'terminated', 'DELETED' from n`,
      [ended],
      "run",
    );
  });
}

export interface ArchiveFigures {
  exportFirstRows: Percentiles;
  exportTotal: Percentiles;
  exportRows: number;
  vmPageHot: Percentiles;
  vmPageArchived: Percentiles;
}

/** The live VMs' CSV export (time to its first rows and to its end) and the VM page's service time, hot and archived. */
export async function measureArchive(db: Db): Promise<ArchiveFigures> {
  const request = exportRequest.parse({ view: "vms", filter: { states: [...LIVE_VM_STATES] } });
  const firstRows: number[] = [];
  const totals: number[] = [];
  let exportRows = 0;
  for (let run = 0; run < 6; run++) {
    const started = performance.now();
    let chunks = 0;
    let text = "";
    for await (const chunk of streamExport({ db, request, format: "csv" })) {
      // Chunk 0 is the header, written before any query; chunk 1 is the first batch of rows.
      if (++chunks === 2) firstRows.push(performance.now() - started);
      text += chunk;
    }
    totals.push(performance.now() - started);
    exportRows = text.split("\r\n").length - 2;
  }
  const hotId = Number((await queryRows(db, "select min(id) as id from vm"))[0]!.id);
  const archivedId = FIRST_ARCHIVED_ID + ARCHIVED_VMS / 2;
  return {
    // The first run warms the statement cache; the figures are from the other five.
    exportFirstRows: summarize(firstRows.slice(1)),
    exportTotal: summarize(totals.slice(1)),
    exportRows,
    vmPageHot: await timeRuns(() => getVm({ db, input: { vmId: hotId } }), { iterations: 200 }),
    vmPageArchived: await timeRuns(() => getVm({ db, input: { vmId: archivedId } }), { iterations: 200 }),
  };
}
