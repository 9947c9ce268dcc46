import { describe, expect, it } from "vitest";
import type { ProviderVm } from "../clouds/driver";
import { LAUNCH_GRACE_MS, planReconcile, type KnownVm } from "./reconcile";

const now = new Date("2026-11-25T12:00:00Z");

function seen(over: Partial<ProviderVm> & { providerId: string }): ProviderVm {
  return { name: `vm-${over.providerId}`, state: "running", rawState: "ACTIVE", flavorId: "m1", imageId: "img", ip: "10.0.0.1", createdAt: null, metadata: {}, fault: null, ...over };
}

function known(over: Partial<KnownVm> & { id: number; providerId: string }): KnownVm {
  return {
    name: `vm-${over.providerId}`,
    state: "running",
    rawState: "ACTIVE",
    queue: null,
    imageRef: "img",
    flavorRef: "m1",
    ip: "10.0.0.1",
    requestedAt: null,
    createdAt: null,
    runningAt: null,
    drainRequestedAt: null,
    destroyRequestedAt: null,
    terminatedAt: null,
    lastError: null,
    ...over,
  };
}

describe("planReconcile", () => {
  it("inserts VMs seen for the first time, with their queue from metadata", () => {
    const plan = planReconcile([], [seen({ providerId: "a", metadata: { panda_queue: "IAAS_CERN" } })], now);
    expect(plan.inserts).toHaveLength(1);
    expect(plan.inserts[0]).toMatchObject({ providerId: "a", state: "running", queue: "IAAS_CERN", runningAt: now });
    expect(plan.patches).toEqual([]);
  });

  it("writes nothing for a VM that did not change", () => {
    const plan = planReconcile([known({ id: 1, providerId: "a" })], [seen({ providerId: "a" })], now);
    expect(plan).toEqual({ inserts: [], patches: [] });
  });

  it("records a transition when the state changes, and stamps when it started running", () => {
    const plan = planReconcile([known({ id: 1, providerId: "a", state: "booting", rawState: "BUILD/spawning" })], [seen({ providerId: "a" })], now);
    expect(plan.patches).toHaveLength(1);
    expect(plan.patches[0]).toMatchObject({ id: 1, state: "running", runningAt: now, transition: { from: "booting", to: "running" } });
  });

  it("gives a VM we launched the provider's creation time when it is first listed, and keeps it after", () => {
    const created = new Date("2026-11-25T11:59:30Z");
    const launched = known({ id: 1, providerId: "a", state: "requested", rawState: "requested", requestedAt: new Date("2026-11-25T11:59:29Z") });
    const plan = planReconcile([launched], [seen({ providerId: "a", state: "booting", rawState: "BUILD", createdAt: created })], now);
    expect(plan.patches[0]).toMatchObject({ id: 1, createdAt: created });
    const listedAgain = planReconcile([{ ...launched, state: "booting", rawState: "BUILD", createdAt: created }], [seen({ providerId: "a", state: "booting", rawState: "BUILD", createdAt: new Date(0) })], now);
    expect(listedAgain.patches).toEqual([]);
  });

  it("updates the raw state without a transition when only the provider's words change", () => {
    const plan = planReconcile([known({ id: 1, providerId: "a", state: "booting", rawState: "BUILD/scheduling" })], [seen({ providerId: "a", state: "booting", rawState: "BUILD/spawning" })], now);
    expect(plan.patches[0]).toMatchObject({ rawState: "BUILD/spawning", transition: null });
  });

  it("marks a VM that vanished without our request as lost, with the reason", () => {
    const plan = planReconcile([known({ id: 1, providerId: "a" })], [], now);
    expect(plan.patches[0]).toMatchObject({ id: 1, state: "lost", terminatedAt: now, transition: { from: "running", to: "lost" } });
    expect(plan.patches[0]?.lastError).toMatch(/without a request/);
  });

  it("marks a VM we asked to destroy or drain as terminated when it vanishes", () => {
    const plan = planReconcile(
      [known({ id: 1, providerId: "a", destroyRequestedAt: now }), known({ id: 2, providerId: "b", state: "draining", drainRequestedAt: now })],
      [],
      now,
    );
    expect(plan.patches.map((p) => p.state)).toEqual(["terminated", "terminated"]);
  });

  it("leaves VMs that already ended alone when they vanish", () => {
    const plan = planReconcile([known({ id: 1, providerId: "a", state: "terminated" }), known({ id: 2, providerId: "b", state: "lost" })], [], now);
    expect(plan.patches).toEqual([]);
  });

  it("gives a just-requested VM time to appear before calling it lost", () => {
    const fresh = known({ id: 1, providerId: "a", state: "requested", requestedAt: new Date(now.getTime() - 1000) });
    const old = known({ id: 2, providerId: "b", state: "requested", requestedAt: new Date(now.getTime() - LAUNCH_GRACE_MS - 1) });
    const plan = planReconcile([fresh, old], [], now);
    expect(plan.patches.map((p) => p.id)).toEqual([2]);
  });

  it("brings a lost VM back when the provider lists it again", () => {
    const plan = planReconcile([known({ id: 1, providerId: "a", state: "lost", rawState: "(gone)" })], [seen({ providerId: "a" })], now);
    expect(plan.patches[0]).toMatchObject({ state: "running", transition: { from: "lost", to: "running" }, terminatedAt: null });
  });

  it("plans the same without final rows the provider no longer lists", () => {
    const rows = [
      known({ id: 1, providerId: "a", state: "booting" }),
      known({ id: 2, providerId: "b" }),
      known({ id: 3, providerId: "c", state: "terminated", rawState: "(gone)" }),
      known({ id: 4, providerId: "d", state: "lost", rawState: "(gone)" }),
      known({ id: 5, providerId: "e", state: "terminated", rawState: "terminated" }),
    ];
    const listed = [seen({ providerId: "a" }), seen({ providerId: "d" }), seen({ providerId: "e", state: "terminated", rawState: "terminated" }), seen({ providerId: "f" })];
    const withoutUnlisted = rows.filter((r) => r.providerId !== "c");
    expect(planReconcile(withoutUnlisted, listed, now)).toEqual(planReconcile(rows, listed, now));
    expect(planReconcile(rows, listed, now).inserts.map((i) => i.providerId)).toEqual(["f"]);
  });

  it("keeps the provider's fault as the error of a failed VM", () => {
    const plan = planReconcile([known({ id: 1, providerId: "a", state: "booting" })], [seen({ providerId: "a", state: "error", rawState: "ERROR", fault: "No valid host was found." })], now);
    expect(plan.patches[0]?.lastError).toBe("No valid host was found.");
  });

  it("keeps a VM we destroyed ended while the provider still lists it, taking only the provider's words", () => {
    const destroyed = known({ id: 1, providerId: "a", state: "terminated", rawState: "(destroyed by cloudscope)", destroyRequestedAt: now, terminatedAt: now });
    const plan = planReconcile([destroyed], [seen({ providerId: "a", state: "running", rawState: "ACTIVE" })], now);
    expect(plan.patches).toHaveLength(1);
    expect(plan.patches[0]).toMatchObject({ id: 1, state: "terminated", rawState: "ACTIVE", terminatedAt: now, transition: null });
  });

  it("keeps the last error until the provider reports a new fault", () => {
    const late = known({ id: 1, providerId: "a", state: "booting", rawState: "BUILD", drainRequestedAt: now, lastError: "Drain deadline passed while booting" });
    expect(planReconcile([late], [seen({ providerId: "a" })], now).patches[0]?.lastError).toBe("Drain deadline passed while booting");
    expect(planReconcile([late], [], now).patches[0]).toMatchObject({ state: "terminated", lastError: "Drain deadline passed while booting" });
    expect(planReconcile([late], [seen({ providerId: "a", state: "error", rawState: "ERROR", fault: "No valid host was found." })], now).patches[0]?.lastError).toBe("No valid host was found.");
  });
});
