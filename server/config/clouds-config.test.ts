import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCloudsConfig } from "./clouds-config";

function write(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cs-config-")), name);
  fs.writeFileSync(file, text);
  return file;
}

describe("clouds configuration file", () => {
  it("reads YAML and takes credentials from the named environment variables", () => {
    const file = write(
      "clouds.yaml",
      "clouds:\n  - name: CERN\n    kind: openstack\n    endpoint: https://keystone.example/v3\n    region: cern\n    credentialsEnv: { username: OS_USER, password: OS_PASS }\n",
    );
    const clouds = loadCloudsConfig(file, { OS_USER: "atlas", OS_PASS: "s3cret" });
    expect(clouds).toEqual([{ name: "CERN", kind: "openstack", endpoint: "https://keystone.example/v3", region: "cern", credentials: { username: "atlas", password: "s3cret" } }]);
  });

  it("names the field that is wrong", () => {
    const file = write("clouds.json", JSON.stringify({ clouds: [{ name: "x", kind: "vmware", endpoint: "https://h", credentialsEnv: {} }] }));
    expect(() => loadCloudsConfig(file, {})).toThrow(/field "clouds.0.kind"/);
  });

  it("names the missing environment variable instead of storing an empty secret", () => {
    const file = write("clouds.json", JSON.stringify({ clouds: [{ name: "x", kind: "ec2", endpoint: "https://h", credentialsEnv: { secretAccessKey: "EC2_SECRET" } }] }));
    expect(() => loadCloudsConfig(file, {})).toThrow(/EC2_SECRET/);
  });
});
