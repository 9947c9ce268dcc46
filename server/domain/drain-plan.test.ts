import { describe, expect, it } from "vitest";
import { planDrainEndings, type DrainingVm } from "./drain-plan";

const now = new Date("2026-01-02T00:00:00Z");
const vm = (over: Partial<DrainingVm>): DrainingVm => ({
  id: 1,
  name: "vm",
  state: "draining",
  drainRequestedAt: new Date("2026-01-01T00:00:00Z"),
  drainDeadlineAt: new Date("2026-01-03T00:00:00Z"),
  ...over,
});

describe("planDrainEndings", () => {
  it("destroys drained VMs that powered off, and those past their deadline, and leaves the rest", () => {
    const plan = planDrainEndings(
      [vm({ id: 1, state: "terminated" }), vm({ id: 2 }), vm({ id: 3, drainDeadlineAt: now }), vm({ id: 4, state: "lost" }), vm({ id: 5, state: "error" })],
      now,
    );
    expect(plan.map((p) => [p.vmId, p.reason])).toEqual([
      [1, "finished"],
      [3, "deadline"],
      [5, "finished"],
    ]);
    expect(plan[1]!.explanation).toMatch(/Drain deadline 2026-01-02T00:00:00.000Z passed while draining/);
  });
});
