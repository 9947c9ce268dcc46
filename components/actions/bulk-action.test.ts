import { describe, expect, it } from "vitest";
import { describeSelection, validateDeadlineHours } from "./bulk-action";

const twoClouds = {
  total: 12,
  running: 7,
  firstNames: ["vm-01", "vm-02", "vm-03", "vm-04", "vm-05", "vm-06", "vm-07", "vm-08", "vm-09", "vm-10"],
  byCloud: [
    { cloudId: 1, cloudName: "cern", count: 10, running: 6 },
    { cloudId: 2, cloudName: "bnl-ec2", count: 2, running: 1 },
  ],
};

describe("bulk action confirmation", () => {
  it("names how many VMs on which clouds and how many run jobs, for a destroy", () => {
    const d = describeSelection("destroy", twoClouds, 12);
    expect(d.headline).toBe("Destroy 12 VMs on 2 clouds.");
    expect(d.clouds).toEqual(["cern: 10 VMs, 6 running jobs", "bnl-ec2: 2 VMs, 1 running a job"]);
    expect(d.running).toBe("7 of them are running jobs: destroying kills those jobs. Drain instead to let them finish.");
    expect(d.skipped).toBeNull();
    expect(d.names).toBe("vm-01, vm-02, vm-03, vm-04, vm-05, vm-06, vm-07, vm-08, vm-09, vm-10 and 2 more");
  });

  it("says a drain lets jobs finish, and which selected VMs are left out", () => {
    const d = describeSelection("drain", { total: 1, running: 1, firstNames: ["vm-7"], byCloud: [{ cloudId: 1, cloudName: "cern", count: 1, running: 1 }] }, 3);
    expect(d.names).toBe("vm-7");
    expect(d.headline).toBe("Drain 1 VM on cern.");
    expect(d.running).toMatch(/^It is running a job: each finishes its current job/);
    expect(d.skipped).toMatch(/^2 of the 3 selected are left out/);
  });

  it("has no running warning when nothing runs, and says when nothing can be done", () => {
    expect(describeSelection("destroy", { total: 2, running: 0, firstNames: ["a", "b"], byCloud: [{ cloudId: 1, cloudName: "c", count: 2, running: 0 }] }).running).toBeNull();
    expect(describeSelection("destroy", { total: 0, running: 0, firstNames: [], byCloud: [] }, 4).headline).toBe("None of the selected VMs can be destroyed.");
  });

  it("validates the drain deadline", () => {
    expect(validateDeadlineHours("24")).toBeNull();
    expect(validateDeadlineHours("1.5")).toBeNull();
    expect(validateDeadlineHours("")).toMatch(/default 24/);
    expect(validateDeadlineHours("0")).toMatch(/At least/);
    expect(validateDeadlineHours("1000")).toMatch(/At most 336/);
    expect(validateDeadlineHours("abc")).toMatch(/number of hours/);
  });
});
