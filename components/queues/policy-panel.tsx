"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useCan } from "@/components/auth/use-session";
import { INPUT, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { FormField } from "@/components/dialog/form-field";
import { FieldList } from "@/components/layout/field-list";
import { Section } from "@/components/layout/section";
import { useTRPC } from "@/components/trpc/client";
import type { AutoscalePolicy } from "@/server/domain/autoscale-policy";
import { checkPolicyDraft, createPolicyDraft, NUMBER_FIELDS, NUMBER_LABELS, type Offer, type PolicyDraft } from "./policy-draft";

/** The queue's autoscaling policy: operators edit it (each save a new, audited version); others read it. */
export function PolicyPanel({ queueId }: { queueId: number }) {
  const trpc = useTRPC();
  const canEdit = useCan("autoscale.edit");
  const policy = useQuery(trpc.queues.policy.queryOptions({ queueId }));
  const offers = useQuery(trpc.queues.cloudOffers.queryOptions());
  if (!policy.isSuccess || !offers.data) return null;
  const current = policy.data;
  const title = current ? `Autoscaling policy (version ${current.version} by ${current.createdByName})` : "Autoscaling policy (none yet)";
  return (
    <Section title={title}>
      {canEdit ? (
        <PolicyForm queueId={queueId} version={current?.version ?? 0} policy={current?.policy ?? null} offers={offers.data} />
      ) : current ? (
        <PolicySummary policy={current.policy} offers={offers.data} />
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">No policy: the autoscaler plans nothing for this queue.</p>
      )}
    </Section>
  );
}

function PolicySummary({ policy, offers }: { policy: AutoscalePolicy; offers: readonly Offer[] }) {
  const name = (id: number) => offers.find((o) => o.cloudId === id)?.name ?? `cloud ${id}`;
  return (
    <FieldList
      fields={[
        { label: "Mode", value: !policy.enabled ? "disabled" : policy.acting ? "acting" : "dry-run" },
        ...NUMBER_FIELDS.map((f) => ({ label: NUMBER_LABELS[f], value: policy[f] })),
        { label: "Clouds", value: policy.clouds.map((c) => `${name(c.cloudId)} (weight ${c.weight}, ${c.image}, ${c.flavor})`).join("; ") },
      ]}
    />
  );
}

function PolicyForm({ queueId, version, policy, offers }: { queueId: number; version: number; policy: AutoscalePolicy | null; offers: readonly Offer[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<PolicyDraft>(() => createPolicyDraft(policy, offers));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation(
    trpc.queues.updatePolicy.mutationOptions({
      onSuccess: () => Promise.all([queryClient.invalidateQueries(trpc.queues.policy.queryFilter({ queueId })), queryClient.invalidateQueries(trpc.queues.plan.queryFilter({ queueId }))]),
    }),
  );

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const checked = checkPolicyDraft(draft);
    setErrors(checked.errors ?? {});
    if (checked.policy) save.mutate({ queueId, basedOnVersion: version, policy: checked.policy });
  }
  const setCloud = (cloudId: number, patch: Partial<PolicyDraft["clouds"][number]>) => setDraft({ ...draft, clouds: draft.clouds.map((c) => (c.cloudId === cloudId ? { ...c, ...patch } : c)) });

  return (
    <form onSubmit={submit} aria-label="Autoscaling policy" noValidate className="space-y-3">
      <div className="flex flex-wrap gap-4 text-sm">
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} /> Enabled
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={draft.acting} onChange={(e) => setDraft({ ...draft, acting: e.target.checked })} /> Act on the plan (off: dry-run)
        </label>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {NUMBER_FIELDS.map((f) => (
          <FormField key={f} label={NUMBER_LABELS[f]} error={errors[f]}>
            {(props) => <input {...props} className={INPUT} inputMode="numeric" value={draft.numbers[f]} onChange={(e) => setDraft({ ...draft, numbers: { ...draft.numbers, [f]: e.target.value } })} />}
          </FormField>
        ))}
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Clouds that may serve the queue</legend>
        {errors.clouds && <p className="text-xs font-medium text-red-700 dark:text-red-400">{errors.clouds}</p>}
        {draft.clouds.map((c) => {
          const offer = offers.find((o) => o.cloudId === c.cloudId);
          return (
            <div key={c.cloudId} className="grid grid-cols-2 items-end gap-2 md:grid-cols-4">
              <label className="flex items-center gap-1 text-sm">
                <input type="checkbox" checked={c.serve} onChange={(e) => setCloud(c.cloudId, { serve: e.target.checked })} /> Serve from {c.name}
              </label>
              <FormField label={`Weight on ${c.name}`} error={errors[`clouds.${c.cloudId}.weight`]}>
                {(props) => <input {...props} className={INPUT} inputMode="decimal" disabled={!c.serve} value={c.weight} onChange={(e) => setCloud(c.cloudId, { weight: e.target.value })} />}
              </FormField>
              <FormField label={`Image on ${c.name}`} error={errors[`clouds.${c.cloudId}.image`]}>
                {(props) => (
                  <select {...props} className={INPUT} disabled={!c.serve} value={c.image} onChange={(e) => setCloud(c.cloudId, { image: e.target.value })}>
                    {offer?.images.map((i) => <option key={i}>{i}</option>)}
                  </select>
                )}
              </FormField>
              <FormField label={`Flavor on ${c.name}`} error={errors[`clouds.${c.cloudId}.flavor`]}>
                {(props) => (
                  <select {...props} className={INPUT} disabled={!c.serve} value={c.flavor} onChange={(e) => setCloud(c.cloudId, { flavor: e.target.value })}>
                    {offer?.flavors.map((f) => <option key={f}>{f}</option>)}
                  </select>
                )}
              </FormField>
            </div>
          );
        })}
      </fieldset>
      <div className="flex items-center gap-3">
        <button type="submit" className={PRIMARY_BUTTON} disabled={save.isPending}>
          Save policy
        </button>
        <p role="status" className="text-sm">
          {save.error ? <span className="text-red-700 dark:text-red-400">{save.error.message}</span> : save.data ? (save.data.created ? `Saved version ${save.data.version}` : "No change to save") : null}
        </p>
      </div>
    </form>
  );
}
