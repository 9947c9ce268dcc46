import { describe, expect, it } from "vitest";
import { ec2InstanceSchema, type Ec2Instance } from "./api-types";
import { mapImage, mapInstance, toLaunchTags } from "./mapper";

function instance(overrides: Partial<Ec2Instance> = {}): Ec2Instance {
  return ec2InstanceSchema.parse({ InstanceId: "i-0000002a", State: { Code: 16, Name: "running" }, ...overrides });
}

const tags = (entries: Record<string, string>) => Object.entries(entries).map(([Key, Value]) => ({ Key, Value }));

describe("mapInstance state", () => {
  it.each([
    [0, "pending", "booting"],
    [16, "running", "running"],
    [16 + 256, "running", "running"],
    [16 + 0x3f00, "running", "running"],
    [32, "shutting-down", "terminated"],
    [48, "terminated", "terminated"],
    [64, "stopping", "terminated"],
    [80, "stopped", "terminated"],
    [80 + 512, "stopped", "terminated"],
  ] as const)("code %i (%s) is %s, keeping the provider's word", (Code, Name, state) => {
    expect(mapInstance(instance({ State: { Code, Name } }))).toMatchObject({ state, rawState: Name, fault: null });
  });

  it("shows ec2-api's Nova error (code 0, name error) as error", () => {
    expect(mapInstance(instance({ State: { Code: 0, Name: "error" } }))).toMatchObject({ state: "error", rawState: "error" });
  });

  it("keeps ec2-api's own running words such as rescue", () => {
    expect(mapInstance(instance({ State: { Code: 16, Name: "rescue" } }))).toMatchObject({ state: "running", rawState: "rescue" });
  });

  it("reports an instance that failed to launch as error with the provider's reason", () => {
    const vm = mapInstance(instance({ State: { Code: 48, Name: "terminated" }, StateReason: { Code: "Server.InternalError", Message: "Server.InternalError: Internal error on launch" } }));
    expect(vm).toMatchObject({ state: "error", rawState: "terminated", fault: "Server.InternalError: Internal error on launch" });
  });

  it.each(["Client.UserInitiatedShutdown", "Client.InstanceInitiatedShutdown", "Server.SpotInstanceTermination"])("treats %s as an ordinary end", (Code) => {
    expect(mapInstance(instance({ State: { Code: 48, Name: "terminated" }, StateReason: { Code, Message: Code } }))).toMatchObject({ state: "terminated", fault: null });
  });

  it("flags a state code it does not know instead of guessing", () => {
    expect(mapInstance(instance({ State: { Code: 99, Name: "odd" } }))).toMatchObject({ state: "error", fault: "Unknown EC2 state code 99 (odd)" });
  });

  it("shows a running instance with a drain tag as draining, and an emptied tag as running again", () => {
    expect(mapInstance(instance({ Tags: tags({ cloudscope_drain: "2026-01-01T00:00:00Z" }) })).state).toBe("draining");
    expect(mapInstance(instance({ Tags: tags({ cloudscope_drain: "" }) })).state).toBe("running");
    expect(mapInstance(instance({ State: { Code: 48, Name: "terminated" }, Tags: tags({ cloudscope_drain: "1" }) })).state).toBe("terminated");
  });
});

describe("mapInstance fields", () => {
  it("takes the name from the Name tag and the other tags as metadata", () => {
    const launchTime = new Date("2026-01-01T10:00:00Z");
    const vm = mapInstance(
      instance({ Tags: tags({ Name: "atlas-wn-1", panda_queue: "IAAS_US" }), InstanceType: "m1.large", ImageId: "ami-1", PrivateIpAddress: "10.0.0.7", LaunchTime: launchTime }),
    );
    expect(vm).toEqual({
      providerId: "i-0000002a",
      name: "atlas-wn-1",
      state: "running",
      rawState: "running",
      flavorId: "m1.large",
      imageId: "ami-1",
      ip: "10.0.0.7",
      createdAt: launchTime,
      metadata: { panda_queue: "IAAS_US" },
      fault: null,
    });
  });

  it("falls back to the instance id for an untagged instance", () => {
    expect(mapInstance(instance())).toMatchObject({ name: "i-0000002a", metadata: {}, flavorId: null, ip: null, createdAt: null });
  });
});

describe("tags and images", () => {
  it("tags a launch with its name, which wins over a Name in the metadata", () => {
    expect(toLaunchTags({ name: "wn-7", metadata: { Name: "other", panda_queue: "Q" } })).toEqual([
      { Key: "Name", Value: "wn-7" },
      { Key: "panda_queue", Value: "Q" },
    ]);
  });

  it("names an image by its name, then its location, then its id", () => {
    expect(mapImage({ ImageId: "ami-1", Name: "cernvm", State: "available" })).toMatchObject({ providerId: "ami-1", name: "cernvm", status: "available" });
    expect(mapImage({ ImageId: "ami-2", ImageLocation: "bucket/cernvm.manifest.xml" }).name).toBe("bucket/cernvm.manifest.xml");
    expect(mapImage({ ImageId: "ami-3" })).toMatchObject({ name: "ami-3", status: "unknown" });
  });
});
