import { describe, expect, it } from "vitest";
import type { SiteParams } from "@/server/domain/site-params";
import { createExtraRow, findDraftProblems, fromDraft, isDraftChanged, placeIssues, rebaseParams, splitList, toDraft } from "./site-params-draft";

const params: SiteParams = {
  cvmfsProxy: "http://ca-proxy.cern.ch:3128;DIRECT",
  condorHost: "cm.cern.ch",
  pandaQueue: "CERN-PROD_CLOUD",
  defaultFlavor: null,
  network: "auto",
  sshKeyNames: ["a", "b"],
  ntpServers: ["ntp1.cern.ch"],
  extra: { FRONTIER_SERVER: "x\ny" },
};

describe("site params draft", () => {
  it("round-trips params through the form", () => {
    const draft = toDraft(params);
    expect(draft).toMatchObject({ defaultFlavor: "", sshKeyNames: "a, b", ntpServers: "ntp1.cern.ch", extra: [{ key: "FRONTIER_SERVER", value: "x\ny" }] });
    expect(fromDraft(draft)).toEqual(params);
    expect(isDraftChanged(draft, params)).toBe(false);
    expect(isDraftChanged({ ...draft, condorHost: " cm.cern.ch " }, params)).toBe(false);
    expect(isDraftChanged({ ...draft, condorHost: "cm2.cern.ch" }, params)).toBe(true);
  });

  it("splits lists on commas, spaces and new lines and drops empty extra rows", () => {
    expect(splitList(" a.cern.ch,b.cern.ch\n c.cern.ch ,, ")).toEqual(["a.cern.ch", "b.cern.ch", "c.cern.ch"]);
    const draft = { ...toDraft(params), extra: [createExtraRow("", ""), createExtraRow(" K ", "v")] };
    expect(fromDraft(draft).extra).toEqual({ K: "v" });
  });

  it("finds names given twice or missing, and places every issue beside its control", () => {
    const dup1 = createExtraRow("K", "1");
    const dup2 = createExtraRow("k", "2");
    const nameless = createExtraRow("", "orphan");
    const bad = createExtraRow("1x", "v");
    const draft = { ...toDraft(params), extra: [dup1, dup2, nameless, bad] };
    const local = findDraftProblems(draft);
    expect(local).toEqual([
      { path: `extraRow.${dup2.id}`, message: '"k" is given twice' },
      { path: `extraRow.${nameless.id}`, message: "Give this value a name" },
    ]);
    const placed = placeIssues(draft, [
      ...local,
      { path: "ntpServers.1", message: '"x y" is not a host name' },
      { path: "ntpServers.2", message: '"z z" is not a host name' },
      { path: "extra.1x", message: "bad name" },
      { path: "", message: "whole" },
    ]);
    expect(placed).toEqual({
      fields: { ntpServers: '"x y" is not a host name "z z" is not a host name' },
      extraRows: { [dup2.id]: '"k" is given twice', [nameless.id]: "Give this value a name", [bad.id]: "bad name" },
      other: ["whole"],
    });
  });
});

describe("rebaseParams", () => {
  it("re-applies my edits over the newest version and names what we both changed", () => {
    const base = params;
    const theirs: SiteParams = { ...base, condorHost: "theirs.cern.ch", pandaQueue: "THEIRS", extra: { FRONTIER_SERVER: "x\ny", THEIRS: "1" } };
    const mine = { ...base, pandaQueue: "MINE", ntpServers: ["ntp9.cern.ch"], extra: { MINE: "2" } };
    expect(rebaseParams(mine, base, theirs)).toEqual({
      merged: { ...base, condorHost: "theirs.cern.ch", pandaQueue: "MINE", ntpServers: ["ntp9.cern.ch"], extra: { THEIRS: "1", MINE: "2" } },
      clashes: ["PanDA queue"],
    });
  });
});
