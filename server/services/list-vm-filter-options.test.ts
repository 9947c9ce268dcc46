import { describe, expect, it, onTestFinished } from "vitest";
import { closeDb, openTestDb } from "@/db/client";
import { createCloud, createCloudImage, createVm } from "@/server/testing/factories";
import { listVmFilterOptions } from "./list-vm-filter-options";

describe("listVmFilterOptions", () => {
  it("offers the distinct queues and images in use, named where the image is known", async () => {
    const db = await openTestDb();
    onTestFinished(() => closeDb(db));
    const a = await createCloud(db);
    const b = await createCloud(db);
    await createCloudImage(db, { cloudId: a.id, providerId: "img-1", name: "atlas-el9" });
    await createVm(db, { cloudId: a.id, queue: "CERN-PROD", imageRef: "img-1" });
    await createVm(db, { cloudId: a.id, queue: "CERN-PROD", imageRef: "img-1" });
    await createVm(db, { cloudId: b.id, queue: "BNL-PROD", imageRef: "ami-2" });
    await createVm(db, { cloudId: b.id, queue: null, imageRef: null });

    expect(await listVmFilterOptions({ db, input: {} })).toEqual({
      queues: ["BNL-PROD", "CERN-PROD"],
      images: [
        { ref: "ami-2", name: null },
        { ref: "img-1", name: "atlas-el9" },
      ],
    });
    expect(await listVmFilterOptions({ db, input: { cloudId: b.id } })).toEqual({
      queues: ["BNL-PROD"],
      images: [{ ref: "ami-2", name: null }],
    });
  });
});
