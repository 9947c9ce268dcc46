import { describe, expect, it } from "vitest";
import { checkContextSize } from "../domain/contextualization";
import { chooseLaunchNetwork, describeNetworkFit } from "../domain/site-params";
import { CLOUD_KINDS } from "../domain/vocabulary";
import { createDriver } from "./driver-registry";
import { CLOUD_SPECS, specFor } from "./registry";

describe("cloud kind specs", () => {
  it("has one spec per kind, each under its own name", () => {
    expect(Object.keys(CLOUD_SPECS).sort()).toEqual([...CLOUD_KINDS].sort());
    for (const kind of CLOUD_KINDS) expect(specFor(kind).kind).toBe(kind);
  });

  it("offers publishing for every kind, each through its driver", () => {
    for (const kind of CLOUD_KINDS) {
      const driver = createDriver({ kind, endpoint: "http://127.0.0.1:1/", region: null, credentials: {}, timeoutMs: 1_000 });
      expect([kind, specFor(kind).publishesImages, typeof driver.publishImage]).toEqual([kind, true, "function"]);
    }
  });

  it("measures Nova's user-data limit on the base64 text", () => {
    expect(checkContextSize(specFor("openstack").userData, 49_149)).toBeNull(); // 65532 in base64
    expect(checkContextSize(specFor("openstack").userData, 49_152)).toBe(
      "The contextualization is 49152 bytes (65536 in base64), over the limit of 65535: Nova takes user_data base64-encoded, at most 65535 bytes. Shorten the extra values or the lists.",
    );
  });

  it("holds EC2 and StratusLab to 16384 raw bytes and CloudSigma to Nova's figure", () => {
    expect(checkContextSize(specFor("ec2").userData, 16_384)).toBeNull();
    expect(checkContextSize(specFor("ec2").userData, 16_385)).toMatch(/^The contextualization is 16385 bytes, over the limit of 16384: EC2/);
    expect(checkContextSize(specFor("opennebula").userData, 16_384)).toBeNull();
    expect(checkContextSize(specFor("opennebula").userData, 16_385)).toMatch(/limit of 16384: StratusLab\/OpenNebula/);
    expect(checkContextSize(specFor("cloudsigma").userData, 49_149)).toBeNull();
    expect(checkContextSize(specFor("cloudsigma").userData, 60_000)).toMatch(/limit of 65535: CloudSigma/);
  });

  it("sends auto/none only to Nova, and says where they do not apply", () => {
    expect(describeNetworkFit(specFor("openstack").network, "auto")).toBe('"auto" needs Nova compute API 2.37 or later; give a network id for older clouds');
    expect(describeNetworkFit(specFor("opennebula").network, "none")).toBe('"none" is an OpenStack value; OpenNebula needs a virtual network name or id');
    expect(describeNetworkFit(specFor("cloudsigma").network, "auto")).toBe('"auto" is an OpenStack value; CloudSigma needs a VLAN uuid');
    expect(describeNetworkFit(specFor("cloudsigma").network, "public")).toBeNull();
    expect(describeNetworkFit(specFor("ec2").network, "auto")).toBeNull();
    expect(CLOUD_KINDS.filter((kind) => chooseLaunchNetwork(specFor(kind).network, "auto") === "auto")).toEqual(["openstack"]);
  });
});
