import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { buildVmsHref, parseVmQuery } from "@/components/tables/vm-query";
import { filterLiveVms, filterStaleVms, filterVmsInState, type VmFilter } from "@/server/domain/vm-filter";
import { VM_STATES } from "@/server/domain/vocabulary";
import { createCloud, createVms } from "@/server/testing/factories";
import { getCloudDetail } from "./get-cloud-detail";
import { getOverview } from "./get-overview";
import { listVms } from "./list-vms";

/** Every figure on the overview and a cloud's page links to a VMs table with as many rows. */
describe("counts and the VMs tables they link to", () => {
  let db: Db;
  let clouds: number[];

  beforeEach(async () => {
    db = await openTestDb();
    clouds = [(await createCloud(db)).id, (await createCloud(db)).id];
    // Every state on each cloud, some of them stale, in uneven numbers.
    await createVms(db, 60, (i) => ({ cloudId: clouds[i % 2]!, state: VM_STATES[i % VM_STATES.length]!, stale: i % 5 === 0 }));
  });

  afterEach(async () => {
    await closeDb(db);
  });

  async function countBehind(filter: VmFilter): Promise<number> {
    const href = buildVmsHref(filter);
    const query = parseVmQuery(new URL(href, "http://console").searchParams);
    return (await listVms({ db, input: query })).total;
  }

  it("agree for the fleet totals", async () => {
    const { totals } = await getOverview({ db });
    for (const state of VM_STATES) expect(await countBehind(filterVmsInState(state)), state).toBe(totals.counts[state]);
    expect(await countBehind(filterLiveVms())).toBe(totals.live);
    expect(totals.stale).toBeGreaterThan(0);
    expect(await countBehind(filterStaleVms())).toBe(totals.stale);
  });

  it("agree for each cloud's card and page", async () => {
    const { clouds: cards } = await getOverview({ db });
    for (const card of cards) {
      const page = await getCloudDetail({ db, input: { id: card.id } });
      for (const state of VM_STATES) {
        expect(await countBehind(filterVmsInState(state, card.id)), `${card.name} ${state}`).toBe(card.counts[state]);
        expect(page.counts[state]).toBe(card.counts[state]);
      }
      expect(await countBehind(filterLiveVms(card.id))).toBe(card.live);
      expect(await countBehind(filterStaleVms(card.id))).toBe(card.stale);
      expect(page.stale).toBe(card.stale);
    }
  });
});
