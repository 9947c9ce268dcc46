import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCloudsConfig, loadQueuesConfig } from "./clouds-config";

const OS_ENV = { OS_USER: "atlas", OS_PASS: "p", OS_DOMAIN: "Default", OS_PROJECT: "atlas-prod" };

function write(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cs-config-")), name);
  fs.writeFileSync(file, text);
  return file;
}

describe("clouds configuration file", () => {
  it("reads YAML and takes credentials from the named environment variables", () => {
    const file = write(
      "clouds.yaml",
      "clouds:\n  - name: CERN\n    kind: openstack\n    endpoint: https://keystone.example/v3\n    region: cern\n    credentialsEnv: { username: OS_USER, password: OS_PASS, userDomain: OS_DOMAIN, project: OS_PROJECT, projectDomain: OS_DOMAIN }\n",
    );
    const clouds = loadCloudsConfig(file, { ...OS_ENV, OS_PASS: "s3cret" });
    expect(clouds).toEqual([
      {
        name: "CERN",
        kind: "openstack",
        endpoint: "https://keystone.example/v3",
        region: "cern",
        credentials: { username: "atlas", password: "s3cret", userDomain: "Default", project: "atlas-prod", projectDomain: "Default" },
      },
    ]);
  });

  it("stops at a mistyped credential field, naming the cloud and the field", () => {
    const credentialsEnv = { usrname: "OS_USER", password: "OS_PASS", userDomain: "OS_DOMAIN", project: "OS_PROJECT", projectDomain: "OS_DOMAIN" };
    const file = write("clouds.json", JSON.stringify({ clouds: [{ name: "CERN", kind: "openstack", endpoint: "https://h/v3", credentialsEnv }] }));
    expect(() => loadCloudsConfig(file, OS_ENV)).toThrow(/cloud "CERN": OpenStack credentials: "username" is missing; "usrname" is not a field of these credentials/);
  });

  it("stops at a credential field of another kind", () => {
    const file = write("clouds.json", JSON.stringify({ clouds: [{ name: "Helix", kind: "cloudsigma", endpoint: "https://h/api/2.0/", credentialsEnv: { username: "CS_USER", password: "CS_PASS" } }] }));
    expect(() => loadCloudsConfig(file, { CS_USER: "atlas@cern.ch", CS_PASS: "p" })).toThrow(/cloud "Helix": CloudSigma credentials: "email" is missing; "username" is not a field of these credentials/);
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

describe("PanDA queues in the configuration file", () => {
  const clouds = "clouds:\n  - name: CERN\n    kind: openstack\n    endpoint: https://keystone.example/v3\n    credentialsEnv: { username: OS_USER, password: OS_PASS, userDomain: OS_DOMAIN, project: OS_PROJECT, projectDomain: OS_DOMAIN }\n";
  const panda = "panda: { endpoint: https://panda.example:25443/api/v1, tokenEnv: PANDA_TOKEN }\n";

  it("reads each queue with the clouds serving it and the PanDA server's token from the environment", () => {
    const file = write("c.yaml", `${clouds}${panda}queues:\n  - { name: CERN-PROD_CLOUD, clouds: [CERN] }\n`);
    expect(loadQueuesConfig(file, { ...OS_ENV, PANDA_TOKEN: "tok" })).toEqual([
      { name: "CERN-PROD_CLOUD", clouds: ["CERN"], endpoint: "https://panda.example:25443/api/v1", token: "tok", timeoutMs: undefined, pollSec: undefined },
    ]);
  });

  it("refuses a queue served by an unknown cloud, queues without a PanDA server, and a missing token, naming each", () => {
    expect(() => loadQueuesConfig(write("c.yaml", `${clouds}${panda}queues:\n  - { name: Q, clouds: [LxCloud] }\n`), OS_ENV)).toThrow(/field "queues\.0\.clouds\.0": no cloud named "LxCloud"/);
    expect(() => loadQueuesConfig(write("c.yaml", `${clouds}queues:\n  - { name: Q, clouds: [CERN] }\n`), OS_ENV)).toThrow(/field "panda": required/);
    expect(() => loadQueuesConfig(write("c.yaml", `${clouds}${panda}queues:\n  - { name: Q, clouds: [CERN] }\n`), OS_ENV)).toThrow(/PANDA_TOKEN/);
  });
});
