import { describe, expect, it } from "vitest";
import { checkSiteParams, chooseLaunchNetwork, defaultSiteParams, describeNetworkFit, diffSiteParams, siteParamsSchema, suggestQueueName, type SiteParams } from "./site-params";

const valid: SiteParams = {
  cvmfsProxy: "http://ca-proxy.cern.ch:3128;DIRECT",
  condorHost: "atlas-cloud-cm.cern.ch:9618",
  pandaQueue: "CERN-PROD_CLOUD",
  defaultFlavor: "m1.large",
  network: "auto",
  sshKeyNames: ["atlas-cloud-ops"],
  ntpServers: ["ip-time-1.cern.ch"],
  extra: { FRONTIER_SERVER: "(serverurl=http://atlasfrontier-ai.cern.ch:8000/atlr)" },
};

/** The messages zod gives for `params` with `patch` applied, keyed by path. */
function issuesFor(patch: Record<string, unknown>): Record<string, string> {
  const result = checkSiteParams({ ...valid, ...patch });
  if (result.ok) return {};
  return Object.fromEntries(result.issues.map((i) => [i.path, i.message]));
}

describe("siteParamsSchema", () => {
  it("accepts a complete set and trims what people paste", () => {
    const parsed = siteParamsSchema.parse({ ...valid, cvmfsProxy: "  http://ca-proxy.cern.ch:3128;DIRECT \n", defaultFlavor: "" });
    expect(parsed.cvmfsProxy).toBe("http://ca-proxy.cern.ch:3128;DIRECT");
    expect(parsed.defaultFlavor).toBeNull();
  });

  it.each(["http://squid.example.org:3128", "http://a.example:3128|http://b.example:3128;DIRECT", "DIRECT", "http://10.0.0.1:8080/"])("accepts the CVMFS proxy %s", (cvmfsProxy) => {
    expect(issuesFor({ cvmfsProxy })).toEqual({});
  });

  it.each([
    ["squid.example.org:3128", '"squid.example.org:3128" is not a proxy: write http://host:port (separate several with ";" or "|"), or DIRECT'],
    ["http://squid.example.org", '"http://squid.example.org" is not a proxy: write http://host:port (separate several with ";" or "|"), or DIRECT'],
    ["https://squid.example.org:3128", '"https://squid.example.org:3128" is not a proxy: write http://host:port (separate several with ";" or "|"), or DIRECT'],
    ["http://a.example:3128;;DIRECT", 'An empty entry between ";" or "|" separators: remove the extra separator'],
    ["http://a.example:99999", 'The port in "http://a.example:99999" must be between 1 and 65535'],
    ["http://-bad-.example:3128", '"-bad-.example" in "http://-bad-.example:3128" is not a valid host name'],
    ["", "Give at least one proxy, e.g. http://squid.example.org:3128 (or DIRECT)"],
  ])("refuses the CVMFS proxy %j with a message", (cvmfsProxy, message) => {
    expect(issuesFor({ cvmfsProxy })).toEqual({ cvmfsProxy: message });
  });

  it("takes a central manager as host or host:port", () => {
    expect(issuesFor({ condorHost: "cm" })).toEqual({});
    expect(issuesFor({ condorHost: "cm.example.org:9618" })).toEqual({});
    expect(issuesFor({ condorHost: "cm.example.org:0" })).toEqual({ condorHost: "The port must be between 1 and 65535" });
    expect(issuesFor({ condorHost: "http://cm" })).toEqual({ condorHost: '"http://cm" is not a host name or host:port (e.g. condor.example.org:9618)' });
    expect(issuesFor({ condorHost: "" })).toEqual({ condorHost: "Give the HTCondor central manager, e.g. condor.example.org or condor.example.org:9618" });
  });

  it("checks the PanDA queue name and the network", () => {
    expect(issuesFor({ pandaQueue: "CERN PROD" })).toEqual({ pandaQueue: "A PanDA queue name has letters, digits, _ . - only" });
    for (const network of ["auto", "none", "2d5e4e2c-8e3e-4d5b-9a59-5a0d3b8f4c61", "public"]) expect(issuesFor({ network })).toEqual({});
    expect(issuesFor({ network: "my net" })).toEqual({ network: 'Write "auto", "none" or a network id (letters, digits, - _ . :)' });
  });

  it("names the list entry that is wrong", () => {
    expect(issuesFor({ ntpServers: ["ntp.example.org", "not a host"] })).toEqual({ "ntpServers.1": '"not a host" is not a host name' });
    expect(issuesFor({ sshKeyNames: ["ops", "ops"] })).toEqual({ sshKeyNames: "Each key name only once" });
    expect(issuesFor({ sshKeyNames: ["ssh-rsa AAAAB3Nza"] })).toEqual({
      "sshKeyNames.0": "A key name has letters, digits, _ . @ - only (the name of a key pair at the cloud, not the key itself)",
    });
  });

  it("checks extra names and values", () => {
    expect(issuesFor({ extra: { "1ABC": "x" } })).toEqual({ "extra.1ABC": '"1ABC" is not a valid name: use letters, digits and _ and do not start with a digit' });
    expect(issuesFor({ extra: { "MY-VAR": "x" } })["extra.MY-VAR"]).toMatch(/not a valid name/);
    expect(issuesFor({ extra: { PATH: "/tmp" } })).toEqual({ "extra.PATH": `"PATH" would change how the VM's shell behaves; choose another name` });
    expect(issuesFor({ extra: { LD_PRELOAD: "x" } })["extra.LD_PRELOAD"]).toMatch(/shell behaves/);
    expect(issuesFor({ extra: { cvmfs_http_proxy: "x" } })).toEqual({ "extra.cvmfs_http_proxy": '"cvmfs_http_proxy" is set by cloudscope itself; use the field above or another name' });
    expect(issuesFor({ extra: { NUL: "a\u0000b" } })).toEqual({ "extra.NUL": "The value of NUL contains a NUL character, which no context can carry" });
  });

  it("limits an extra value to 1 KiB of UTF-8", () => {
    expect(issuesFor({ extra: { V: "é".repeat(512) } })).toEqual({});
    expect(issuesFor({ extra: { V: "é".repeat(513) } })).toEqual({ "extra.V": "The value of V is longer than 1 KiB" });
    expect(issuesFor({ extra: { V: "x".repeat(1025) } })).toEqual({ "extra.V": "The value of V is longer than 1 KiB" });
  });

  it("refuses a missing field with a message that says what to give", () => {
    const { condorHost: _omitted, ...rest } = valid;
    const result = checkSiteParams(rest);
    expect(result).toEqual({ ok: false, issues: [{ path: "condorHost", message: "Give the HTCondor central manager" }] });
  });
});

describe("defaultSiteParams", () => {
  it("is valid and guesses the queue from the cloud name", () => {
    const params = defaultSiteParams("CERN LxCloud");
    expect(siteParamsSchema.parse(params)).toEqual(params);
    expect(params.pandaQueue).toBe("CERN_LXCLOUD");
    expect(suggestQueueName("  ")).toBe("CLOUD");
  });
});

describe("diffSiteParams", () => {
  it("lists changed fields and extra keys with before and after", () => {
    const after: SiteParams = { ...valid, condorHost: "cm2.cern.ch", ntpServers: ["a.cern.ch", "b.cern.ch"], extra: { NEW: "1" } };
    expect(diffSiteParams(valid, after)).toEqual([
      { field: "condorHost", label: "HTCondor central manager", before: "atlas-cloud-cm.cern.ch:9618", after: "cm2.cern.ch" },
      { field: "ntpServers", label: "NTP servers", before: "ip-time-1.cern.ch", after: "a.cern.ch, b.cern.ch" },
      { field: "extra.FRONTIER_SERVER", label: "Extra FRONTIER_SERVER", before: "(serverurl=http://atlasfrontier-ai.cern.ch:8000/atlr)", after: null },
      { field: "extra.NEW", label: "Extra NEW", before: null, after: "1" },
    ]);
    expect(diffSiteParams(valid, { ...valid })).toEqual([]);
  });
});

describe("network rules", () => {
  const nova = { acceptsSymbolic: true, describeSymbolic: (n: string) => `"${n}" needs Nova 2.37` };
  const elsewhere = { acceptsSymbolic: false, describeSymbolic: () => null };

  it("hints only at symbolic values, in the kind's words", () => {
    expect(describeNetworkFit(nova, "auto")).toBe('"auto" needs Nova 2.37');
    expect(describeNetworkFit(nova, "public")).toBeNull();
    expect(describeNetworkFit(elsewhere, "none")).toBeNull();
  });

  it("launches on the cloud's default network where a symbolic value is not understood", () => {
    expect(chooseLaunchNetwork(nova, "none")).toBe("none");
    expect(chooseLaunchNetwork(elsewhere, "none")).toBeUndefined();
    expect(chooseLaunchNetwork(elsewhere, "vlan-42")).toBe("vlan-42");
  });
});
