import { describe, expect, it } from "vitest";
import { LIVE_VM_STATES } from "@/server/domain/vocabulary";
import { listVmsInput } from "@/server/services/list-vms";
import { DOUBTFUL_IMAGE_CLASSES, filterStaleVms, filterVmsInState, filterVmsOnImageClasses, filterVmsOnVersion } from "@/server/domain/vm-filter";
import { buildVmsHref, clearVmFilters, hasVmFilters, parseVmQuery, serializeVmQuery } from "./vm-query";

const defaults = listVmsInput.parse({});

describe("VM list query in the URL", () => {
  it("reads an empty query string as the service's defaults, live VMs only", () => {
    expect(parseVmQuery(new URLSearchParams())).toEqual({ ...defaults, states: [...LIVE_VM_STATES], cloudId: undefined, queue: undefined, image: undefined });
  });

  it("shows ended VMs too on one flag, and keeps the live default out of the URL", () => {
    const all = parseVmQuery(new URLSearchParams("ended=1"));
    expect(all.states).toEqual([]);
    expect(serializeVmQuery(all, new URLSearchParams()).toString()).toBe("ended=1");
    expect(hasVmFilters(all)).toBe(true);
    const live = parseVmQuery(new URLSearchParams());
    expect(serializeVmQuery(live, new URLSearchParams()).toString()).toBe("");
    expect(hasVmFilters(live)).toBe(false);
  });

  it("round-trips every filter, sort and page setting", () => {
    const url = new URLSearchParams("cloud=3&state=error&state=booting&queue=CERN-PROD&image=img-1&trust=unknown&trust=revoked&version=12&q=pilot&match=prefix&sort=createdAt&dir=desc&page=4&size=100");
    const query = parseVmQuery(url);
    expect(query).toEqual({
      cloudId: 3,
      states: ["booting", "error"],
      queue: "CERN-PROD",
      image: "img-1",
      imageClasses: ["revoked", "unknown"],
      imageVersionId: 12,
      name: "pilot",
      nameMatch: "prefix",
      sort: "createdAt",
      dir: "desc",
      page: 4,
      pageSize: 100,
    });
    expect(parseVmQuery(serializeVmQuery(query, new URLSearchParams()))).toEqual(query);
    expect(listVmsInput.parse(query)).toEqual(query);
  });

  it("falls back to defaults for values the server would reject", () => {
    const query = parseVmQuery(new URLSearchParams("cloud=-1&state=zombie&sort=uptime&dir=up&page=0&size=7&q=%20%20&match=regex&queue="));
    expect(listVmsInput.safeParse(query).success).toBe(true);
    expect(query).toMatchObject({ cloudId: undefined, states: [...LIVE_VM_STATES], sort: "name", dir: "asc", page: 1, pageSize: 50, name: "", nameMatch: "contains", queue: undefined });
  });

  it("gives one canonical form whatever the order of states in the URL", () => {
    expect(parseVmQuery(new URLSearchParams("state=lost&state=running&state=lost"))).toEqual(
      parseVmQuery(new URLSearchParams("state=running&state=lost")),
    );
  });

  it("pins the page's cloud and keeps foreign keys such as the chart range", () => {
    const query = parseVmQuery(new URLSearchParams("cloud=9&range=24h&state=running"), 5);
    expect(query.cloudId).toBe(5);
    const url = serializeVmQuery({ ...query, page: 2 }, new URLSearchParams("range=24h&cloud=9&page=7"), 5);
    expect(url.toString()).toBe("range=24h&state=running&page=2");
  });

  it("links a count to the VMs table showing only what it counted", () => {
    expect(buildVmsHref(filterVmsInState("lost", 4))).toBe("/vms?cloud=4&state=lost");
    expect(buildVmsHref(filterStaleVms())).toBe("/vms?stale=1");
    const stale = parseVmQuery(new URL(buildVmsHref(filterStaleVms(2)), "http://console").searchParams);
    expect(stale).toMatchObject({ cloudId: 2, stale: true });
    expect(hasVmFilters(stale, 2)).toBe(true);
    expect(clearVmFilters(stale, 2).stale).toBeUndefined();
    expect(buildVmsHref(filterVmsOnImageClasses(DOUBTFUL_IMAGE_CLASSES, 3))).toBe("/vms?cloud=3&trust=revoked&trust=unknown");
    const onVersion = parseVmQuery(new URL(buildVmsHref(filterVmsOnVersion(8, 3)), "http://console").searchParams);
    expect(onVersion).toMatchObject({ cloudId: 3, imageVersionId: 8 });
    expect(clearVmFilters(onVersion)).toMatchObject({ imageClasses: [], imageVersionId: undefined });
  });

  it("clears filters but keeps sort and page size", () => {
    const query = parseVmQuery(new URLSearchParams("state=error&q=x&sort=state&size=25&page=3"), 5);
    expect(hasVmFilters(query, 5)).toBe(true);
    const cleared = clearVmFilters(query, 5);
    expect(hasVmFilters(cleared, 5)).toBe(false);
    expect(cleared).toMatchObject({ cloudId: 5, sort: "state", pageSize: 25, page: 1 });
  });
});
