"use client";

import { Plus } from "lucide-react";
import type { ReactNode } from "react";
import { BUTTON, INPUT } from "@/components/dialog/modal-dialog";
import { FormField } from "@/components/dialog/form-field";
import { SITE_PARAM_LABELS, type SiteParams } from "@/server/domain/site-params";
import { createExtraRow, type DraftField, type DraftMessages, type SiteParamsDraft } from "./site-params-draft";

const HINTS: Record<DraftField, ReactNode> = {
  cvmfsProxy: (
    <>
      The site squid(s) as <code>http://host:port</code>; <code>|</code> balances between proxies, <code>;</code> fails over to the next group; <code>DIRECT</code> means no proxy.
    </>
  ),
  condorHost: (
    <>
      <code>host</code> or <code>host:port</code>; written as <code>CONDOR_HOST</code>.
    </>
  ),
  pandaQueue: "Used when a launch names no queue.",
  defaultFlavor: "Preselected in the launch dialog; leave empty for none.",
  network: (
    <>
      <code>auto</code> or <code>none</code> where the cloud understands them, or the id or name of a network.
    </>
  ),
  sshKeyNames: "Names of key pairs registered at the cloud, separated by commas.",
  ntpServers: "Host names, separated by commas.",
};

const FIELDS: readonly DraftField[] = ["cvmfsProxy", "condorHost", "pandaQueue", "defaultFlavor", "network", "sshKeyNames", "ntpServers"];

/** The editable fields; `networkNote` is a hint for this cloud's kind, not a refusal. */
export function SiteParamsFields({
  draft,
  messages,
  networkNote,
  onChange,
}: {
  draft: SiteParamsDraft;
  messages: DraftMessages;
  networkNote: string | null;
  onChange: (draft: SiteParamsDraft) => void;
}) {
  const set = (field: DraftField, value: string) => onChange({ ...draft, [field]: value });
  const setRow = (id: number, change: { key?: string; value?: string }) => onChange({ ...draft, extra: draft.extra.map((r) => (r.id === id ? { ...r, ...change } : r)) });

  return (
    <div className="flex flex-col gap-3">
      <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
        {FIELDS.map((field) => (
          <FormField
            key={field}
            label={SITE_PARAM_LABELS[field]}
            hint={
              field === "network" && networkNote ? (
                <>
                  {HINTS.network} <strong className="font-medium text-amber-800 dark:text-amber-300">{networkNote}.</strong>
                </>
              ) : (
                HINTS[field]
              )
            }
            error={messages.fields[field]}
          >
            {(props) => (
              <input
                {...props}
                type="text"
                name={field}
                value={draft[field]}
                onChange={(e) => set(field, e.target.value)}
                spellCheck={false}
                autoComplete="off"
                className={`${INPUT} font-mono`}
              />
            )}
          </FormField>
        ))}
      </div>

      <fieldset className="flex flex-col gap-2 rounded border border-zinc-200 p-2 dark:border-zinc-800">
        <legend className="px-1 text-sm font-medium">Extra values</legend>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          Free name/value pairs passed to the VM as variables (names: letters, digits, <code>_</code>; values up to 1 KiB).
        </p>
        {draft.extra.length === 0 && <p className="text-xs text-zinc-500">None.</p>}
        {draft.extra.map((row, i) => {
          const error = messages.extraRows[row.id];
          const errorId = `extra-error-${row.id}`;
          return (
            <div key={row.id} className="flex flex-col gap-0.5">
              <div className="flex flex-wrap items-start gap-2">
                <input
                  type="text"
                  aria-label={`Name of extra value ${i + 1}`}
                  aria-invalid={Boolean(error)}
                  aria-describedby={error ? errorId : undefined}
                  value={row.key}
                  onChange={(e) => setRow(row.id, { key: e.target.value })}
                  spellCheck={false}
                  autoComplete="off"
                  placeholder="NAME"
                  className={`${INPUT} w-56 font-mono`}
                />
                {/* Grows with its value (field-sizing), so a long one is seen whole rather than scrolled. */}
                <textarea
                  rows={1}
                  aria-label={`Value of extra value ${i + 1}${row.key ? ` (${row.key})` : ""}`}
                  aria-invalid={Boolean(error)}
                  aria-describedby={error ? errorId : undefined}
                  value={row.value}
                  onChange={(e) => setRow(row.id, { value: e.target.value })}
                  spellCheck={false}
                  className={`${INPUT} field-sizing-content max-h-64 min-w-64 flex-1 resize-y font-mono break-all`}
                />
                <button type="button" className={BUTTON} onClick={() => onChange({ ...draft, extra: draft.extra.filter((r) => r.id !== row.id) })} aria-label={`Remove extra value ${row.key || i + 1}`}>
                  Remove
                </button>
              </div>
              {error && (
                <p id={errorId} className="text-xs font-medium text-red-700 dark:text-red-400">
                  <span aria-hidden="true">✖ </span>
                  {error}
                </p>
              )}
            </div>
          );
        })}
        <div>
          <button type="button" className={BUTTON} onClick={() => onChange({ ...draft, extra: [...draft.extra, createExtraRow()] })}>
            <Plus aria-hidden="true" className="inline size-4 align-text-bottom" /> Add a value
          </button>
        </div>
      </fieldset>
      {messages.other.length > 0 && (
        <ul className="text-xs font-medium text-red-700 dark:text-red-400">
          {messages.other.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The values in force, for those who may not edit them. */
export function SiteParamsReadOnly({ params }: { params: SiteParams }) {
  const rows: [string, ReactNode][] = [
    [SITE_PARAM_LABELS.cvmfsProxy, params.cvmfsProxy],
    [SITE_PARAM_LABELS.condorHost, params.condorHost],
    [SITE_PARAM_LABELS.pandaQueue, params.pandaQueue],
    [SITE_PARAM_LABELS.defaultFlavor, params.defaultFlavor ?? <Muted>none</Muted>],
    [SITE_PARAM_LABELS.network, params.network],
    [SITE_PARAM_LABELS.sshKeyNames, params.sshKeyNames.length > 0 ? params.sshKeyNames.join(", ") : <Muted>none</Muted>],
    [SITE_PARAM_LABELS.ntpServers, params.ntpServers.length > 0 ? params.ntpServers.join(", ") : <Muted>none</Muted>],
    ...Object.entries(params.extra).map(([key, value]): [string, ReactNode] => [key, value]),
  ];
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium">{label}</dt>
          <dd className="font-mono break-all whitespace-pre-wrap">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Muted({ children }: { children: ReactNode }) {
  return <span className="font-sans text-zinc-500 italic">{children}</span>;
}
