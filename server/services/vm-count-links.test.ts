import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDb, openTestDb, type Db } from "@/db/client";
import { buildVmsHref, parseVmQuery } from "@/components/tables/vm-query";
import { DOUBTFUL_IMAGE_CLASSES, filterLiveVms, filterStaleVms, filterVmsInState, filterVmsOnImageClasses, filterVmsOnVersion, type VmFilter } from "@/server/domain/vm-filter";
import { VM_IMAGE_CLASSES, VM_STATES } from "@/server/domain/vocabulary";
import { createCloud, createImageDeployment, createImageVersion, createVms } from "@/server/testing/factories";
import { listDeployments } from "./images/list-deployments";
import { getCloudDetail } from "./get-cloud-detail";
import { getOverview } from "./get-overview";
import { listVms } from "./list-vms";

/** Every figure on the overview and a cloud's page links to a VMs table with as many rows. */
describe("counts and the VMs tables they link to", () => {
  let db: Db;
  let clouds: number[];
  let version: { id: number; imageId: number };

  beforeEach(async () => {
    db = await openTestDb();
    clouds = [(await createCloud(db)).id, (await createCloud(db)).id];
    version = await createImageVersion(db);
    for (const cloudId of clouds) await createImageDeployment(db, { versionId: version.id, cloudId, providerImageId: "img" });
    // Every state and image class on each cloud, some of them stale, some on the version, in uneven numbers.
    await createVms(db, 60, (i) => ({
      cloudId: clouds[i % 2]!,
      state: VM_STATES[i % VM_STATES.length]!,
      stale: i % 5 === 0,
      imageClass: i % 11 === 0 ? null : VM_IMAGE_CLASSES[i % VM_IMAGE_CLASSES.length]!,
      imageVersionId: i % 3 === 0 ? version.id : null,
    }));
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
    expect(totals.onDoubtfulImages).toBeGreaterThan(0);
    expect(await countBehind(filterVmsOnImageClasses(DOUBTFUL_IMAGE_CLASSES))).toBe(totals.onDoubtfulImages);
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
      expect(await countBehind(filterVmsOnImageClasses(DOUBTFUL_IMAGE_CLASSES, card.id))).toBe(card.onDoubtfulImages);
      expect(page.onDoubtfulImages).toBe(card.onDoubtfulImages);
    }
  });

  it("agree for the deployment matrix's VMs per version and cloud", async () => {
    const { cells } = await listDeployments({ db, input: { imageId: version.imageId } });
    expect(cells).toHaveLength(2);
    for (const cell of cells) {
      expect(cell.vmCount).toBeGreaterThan(0);
      expect(await countBehind(filterVmsOnVersion(cell.versionId, cell.cloudId))).toBe(cell.vmCount);
    }
  });
});
