import { SITE_PARAM_LABELS, type SiteParamIssue, type SiteParams, type SiteParamsInput } from "@/server/domain/site-params";

/** What the edit form holds: text as typed; lists as one text each; extra values as rows. */
export interface SiteParamsDraft {
  cvmfsProxy: string;
  condorHost: string;
  pandaQueue: string;
  defaultFlavor: string;
  network: string;
  sshKeyNames: string;
  ntpServers: string;
  extra: ExtraRow[];
}

export interface ExtraRow {
  /** Stable across edits of the key, for React keys and focus. */
  id: number;
  key: string;
  value: string;
}

export type DraftField = Exclude<keyof SiteParamsDraft, "extra">;

let nextRowId = 1;

export function createExtraRow(key = "", value = ""): ExtraRow {
  return { id: nextRowId++, key, value };
}

export function toDraft(params: SiteParams): SiteParamsDraft {
  return {
    cvmfsProxy: params.cvmfsProxy,
    condorHost: params.condorHost,
    pandaQueue: params.pandaQueue,
    defaultFlavor: params.defaultFlavor ?? "",
    network: params.network,
    sshKeyNames: params.sshKeyNames.join(", "),
    ntpServers: params.ntpServers.join(", "),
    extra: Object.entries(params.extra).map(([key, value]) => createExtraRow(key, value)),
  };
}

/** A list typed as text: entries separated by commas, spaces or new lines. */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter((entry) => entry !== "");
}

/**
 * The params to validate and save. Rows with neither key nor value are dropped; a key
 * given twice keeps its first value here and is reported by `findDraftProblems`.
 */
export function fromDraft(draft: SiteParamsDraft): SiteParamsInput {
  const extra: Record<string, string> = {};
  for (const row of draft.extra) {
    const key = row.key.trim();
    if (key === "" && row.value === "") continue;
    if (!(key in extra)) extra[key] = row.value;
  }
  return {
    cvmfsProxy: draft.cvmfsProxy,
    condorHost: draft.condorHost,
    pandaQueue: draft.pandaQueue,
    defaultFlavor: draft.defaultFlavor.trim() === "" ? null : draft.defaultFlavor,
    network: draft.network,
    sshKeyNames: splitList(draft.sshKeyNames),
    ntpServers: splitList(draft.ntpServers),
    extra,
  };
}

export interface DraftMessages {
  fields: Partial<Record<DraftField, string>>;
  /** Per extra row id. */
  extraRows: Record<number, string>;
  /** Messages that belong to no single field. */
  other: string[];
}

/** Problems only the form can see: a name given twice, a value without a name. */
export function findDraftProblems(draft: SiteParamsDraft): SiteParamIssue[] {
  const issues: SiteParamIssue[] = [];
  const seen = new Set<string>();
  for (const row of draft.extra) {
    const key = row.key.trim();
    if (key === "" && row.value !== "") issues.push({ path: `extraRow.${row.id}`, message: "Give this value a name" });
    if (key !== "" && seen.has(key.toUpperCase())) issues.push({ path: `extraRow.${row.id}`, message: `"${key}" is given twice` });
    seen.add(key.toUpperCase());
  }
  return issues;
}

const DRAFT_FIELDS: readonly DraftField[] = ["cvmfsProxy", "condorHost", "pandaQueue", "defaultFlavor", "network", "sshKeyNames", "ntpServers"];

/** Places each issue (path "ntpServers.1", "extra.KEY", "extraRow.<id>") next to the control it is about. */
export function placeIssues(draft: SiteParamsDraft, issues: readonly SiteParamIssue[]): DraftMessages {
  const messages: DraftMessages = { fields: {}, extraRows: {}, other: [] };
  const add = (current: string | undefined, message: string) => (current ? `${current} ${message}` : message);
  for (const issue of issues) {
    const [head = "", ...rest] = issue.path.split(".");
    const tail = rest.join(".");
    if ((DRAFT_FIELDS as readonly string[]).includes(head)) {
      const field = head as DraftField;
      messages.fields[field] = add(messages.fields[field], issue.message);
    } else if (head === "extraRow") {
      const id = Number(tail);
      messages.extraRows[id] = add(messages.extraRows[id], issue.message);
    } else if (head === "extra" && tail !== "") {
      const row = draft.extra.find((r) => r.key.trim() === tail);
      if (row) messages.extraRows[row.id] = add(messages.extraRows[row.id], issue.message);
      else messages.other.push(issue.message);
    } else {
      messages.other.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
    }
  }
  return messages;
}

export function hasMessages(messages: DraftMessages): boolean {
  return Object.keys(messages.fields).length > 0 || Object.keys(messages.extraRows).length > 0 || messages.other.length > 0;
}

/** Whether the draft says something other than `params` (what a save would change). */
export function isDraftChanged(draft: SiteParamsDraft, params: SiteParams): boolean {
  return JSON.stringify(normalize(fromDraft(draft))) !== JSON.stringify(normalize(params));
}

function normalize(p: SiteParamsInput) {
  return {
    cvmfsProxy: p.cvmfsProxy.trim(),
    condorHost: p.condorHost.trim(),
    pandaQueue: p.pandaQueue.trim(),
    defaultFlavor: p.defaultFlavor?.trim() || null,
    network: p.network.trim(),
    sshKeyNames: p.sshKeyNames.map((s) => s.trim()),
    ntpServers: p.ntpServers.map((s) => s.trim()),
    extra: Object.entries(p.extra).sort(([a], [b]) => (a < b ? -1 : 1)),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * After a conflict: my edits (what differs from the version I started from) re-applied on
 * top of the newest version, field by field and extra key by key. `clashes` names what
 * both of us changed; mine is kept there, for the editor to review before saving.
 */
export function rebaseParams(mine: SiteParamsInput, base: SiteParams, theirs: SiteParams): { merged: SiteParams; clashes: string[] } {
  const minePlain = normalizePlain(mine);
  const merged: SiteParams = { ...theirs, extra: { ...theirs.extra } };
  const clashes: string[] = [];
  for (const field of ["cvmfsProxy", "condorHost", "pandaQueue", "defaultFlavor", "network", "sshKeyNames", "ntpServers"] as const) {
    if (same(minePlain[field], base[field])) continue;
    if (!same(theirs[field], base[field]) && !same(theirs[field], minePlain[field])) clashes.push(SITE_PARAM_LABELS[field]);
    Object.assign(merged, { [field]: minePlain[field] });
  }
  for (const key of new Set([...Object.keys(base.extra), ...Object.keys(minePlain.extra)])) {
    const m = minePlain.extra[key];
    const b = base.extra[key];
    if (m === b) continue;
    const t = theirs.extra[key];
    if (t !== b && t !== m) clashes.push(`Extra ${key}`);
    if (m === undefined) delete merged.extra[key];
    else merged.extra[key] = m;
  }
  return { merged, clashes };
}

function normalizePlain(p: SiteParamsInput): SiteParams {
  return { ...p, defaultFlavor: p.defaultFlavor?.trim() ? p.defaultFlavor : null } as SiteParams;
}
