import { CLOUD_GROUPINGS, type CloudGrouping } from "@/server/domain/cloud-triage";

export const OVERVIEW_LAYOUTS = ["cards", "list"] as const;
export type OverviewLayout = (typeof OVERVIEW_LAYOUTS)[number];

/** How the overview shows its clouds, from the URL (?layout=list&group=kind); unknown values mean the default. */
export interface OverviewView {
  layout: OverviewLayout;
  group: CloudGrouping;
}

export function parseOverviewView(params: URLSearchParams): OverviewView {
  const layout = params.get("layout");
  const group = params.get("group");
  return {
    layout: OVERVIEW_LAYOUTS.find((l) => l === layout) ?? "cards",
    group: CLOUD_GROUPINGS.find((g) => g === group) ?? "none",
  };
}

/** The current URL with one view setting changed; defaults leave the query string. */
export function buildOverviewHref(params: URLSearchParams, change: Partial<OverviewView>): string {
  const next = new URLSearchParams(params);
  const view = { ...parseOverviewView(params), ...change };
  if (view.layout === "cards") next.delete("layout");
  else next.set("layout", view.layout);
  if (view.group === "none") next.delete("group");
  else next.set("group", view.group);
  const query = next.toString();
  return query ? `/?${query}` : "/";
}
