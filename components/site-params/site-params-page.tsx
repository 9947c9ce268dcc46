"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useDebounced } from "@/components/actions/use-debounced";
import { useCan } from "@/components/auth/use-session";
import { Notice, RequestError } from "@/components/dialog/form-field";
import { BUTTON, INPUT, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { QueryError } from "@/components/layout/query-error";
import { Section } from "@/components/layout/section";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { RelativeTime } from "@/components/time/relative-time";
import { useToast } from "@/components/toast/toast-provider";
import { useTRPC } from "@/components/trpc/client";
import type { SiteParams } from "@/server/domain/site-params";
import { ContextPreview } from "./context-preview";
import { SiteParamsFields, SiteParamsReadOnly } from "./site-params-form";
import { SiteParamsHistory } from "./site-params-history";
import { findDraftProblems, fromDraft, hasMessages, isDraftChanged, placeIssues, rebaseParams, toDraft, type SiteParamsDraft } from "./site-params-draft";

const REFRESH_MS = 10_000;
const CHECK_DELAY_MS = 300;

interface Edit {
  draft: SiteParamsDraft;
  /** The version the edit started from (0: none), sent with the save. */
  basedOnVersion: number;
  baseParams: SiteParams;
  /** Fields both this editor and someone else changed, after re-applying on a newer version. */
  clashes: string[];
}

/** A cloud's site parameters: the version in force, the edit form, a live preview and the history. */
export function SiteParamsPage({ cloudId }: { cloudId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const canEdit = useCan("siteParams.edit");

  const current = useQuery(trpc.siteParams.get.queryOptions({ cloudId }, { refetchInterval: REFRESH_MS }));
  const saved = useQuery(trpc.siteParams.preview.queryOptions({ cloudId }, { refetchInterval: REFRESH_MS }));
  const history = useQuery(trpc.siteParams.history.queryOptions({ cloudId }, { refetchInterval: REFRESH_MS }));

  const [edit, setEdit] = useState<Edit | null>(null);
  const [comment, setComment] = useState("");
  const savedParams = current.data?.params ?? saved.data?.params;
  const savedVersion = current.data?.version ?? 0;
  const shownDraft = useMemo(() => (savedParams ? toDraft(savedParams) : null), [savedParams]);
  const draft = edit?.draft ?? shownDraft;

  // Check what is typed once typing pauses; the server's schema is the one authority.
  const draftParams = useMemo(() => (edit ? fromDraft(edit.draft) : null), [edit]);
  const settled = useDebounced(draftParams, CHECK_DELAY_MS);
  const check = useQuery({ ...trpc.siteParams.validate.queryOptions({ params: settled }), enabled: settled !== null, placeholderData: keepPreviousData });
  const checkIsCurrent = settled === draftParams && check.data !== undefined && !check.isPlaceholderData;
  const localIssues = edit ? findDraftProblems(edit.draft) : [];
  const messages = draft ? placeIssues(draft, [...localIssues, ...(check.data && edit ? check.data.issues : [])]) : null;
  const draftValid = checkIsCurrent && check.data?.valid === true && localIssues.length === 0;

  const [lastValid, setLastValid] = useState<typeof settled>(null);
  if (draftValid && settled !== lastValid) setLastValid(settled);
  const draftPreview = useQuery({
    ...trpc.siteParams.preview.queryOptions({ cloudId, params: lastValid ?? undefined }),
    enabled: edit !== null && lastValid !== null,
    placeholderData: keepPreviousData,
  });

  const save = useMutation(
    trpc.siteParams.update.mutationOptions({
      onSuccess: (result) => {
        toast.push({
          tone: "success",
          title: result.created ? `Saved version ${result.version}` : "Nothing changed",
          body: result.created ? "New launches use it from now on." : `Version ${result.version} stays in force.`,
        });
        setEdit(null);
        setLastValid(null);
        setComment("");
      },
      onSettled: () => void queryClient.invalidateQueries({ queryKey: trpc.siteParams.pathKey() }),
    }),
  );

  if (saved.error && !saved.data) return <QueryError what="the site parameters" error={saved.error} onRetry={() => void saved.refetch()} />;
  if (!saved.data || !draft || !savedParams || current.isPending) return <SiteParamsSkeleton />;

  const { cloud } = saved.data;
  const changed = edit !== null && isDraftChanged(edit.draft, edit.baseParams);
  const movedOn = edit !== null && savedVersion !== edit.basedOnVersion;
  const conflict = save.error?.data?.code === "CONFLICT";

  function change(next: SiteParamsDraft) {
    save.reset();
    setEdit((e) => ({ draft: next, basedOnVersion: e?.basedOnVersion ?? savedVersion, baseParams: e?.baseParams ?? savedParams!, clashes: e?.clashes ?? [] }));
  }

  function discard() {
    save.reset();
    setEdit(null);
    setLastValid(null);
  }

  /** Re-applies this editor's changes on top of the newest version, so the next save is based on it. */
  function rebase() {
    if (!edit || !current.data) return;
    const { merged, clashes } = rebaseParams(fromDraft(edit.draft), edit.baseParams, current.data.params);
    save.reset();
    setEdit({ draft: toDraft(merged), basedOnVersion: current.data.version, baseParams: current.data.params, clashes });
  }

  function submit() {
    if (!edit || !draftValid) return;
    save.mutate({ cloudId, basedOnVersion: edit.basedOnVersion, params: fromDraft(edit.draft), comment });
  }

  const showingDraft = edit !== null && draftPreview.data !== undefined && lastValid !== null;
  const preview = showingDraft ? draftPreview.data! : saved.data;
  const previewNote = !edit ? undefined : !showingDraft ? "Showing the saved version until the draft is valid." : draftValid ? "Showing your unsaved draft." : "Showing the last valid draft; fix the marked fields to update it.";
  const saveBlocked = !changed
    ? "No changes to save."
    : movedOn || conflict
      ? `Version ${savedVersion} was saved meanwhile: apply your changes on top of it first.`
      : !checkIsCurrent
        ? "Checking…"
        : !draftValid
          ? "Fix the marked fields first."
          : null;

  return (
    <div className="flex flex-col gap-3">
      <nav aria-label="Breadcrumb" className="text-xs">
        <Link href={`/clouds/${cloud.id}`} className="text-sky-700 underline dark:text-sky-400">
          ← {cloud.name}
        </Link>
      </nav>
      <header className="rounded border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="text-lg font-bold">Site parameters · {cloud.name}</h1>
        <p className="text-xs text-zinc-500">
          {cloud.kind} · contextualization by <strong>{saved.data.method}</strong>
        </p>
        <p className="mt-1 text-sm">
          {current.data ? (
            <>
              Version <strong>{current.data.version}</strong> in force, saved by {current.data.createdByName} <RelativeTime at={current.data.createdAt} />.
            </>
          ) : (
            <>No version saved yet: launches on this cloud would use the placeholders below. {canEdit ? "Review them and save version 1." : "An operator has to save version 1."}</>
          )}
        </p>
      </header>

      <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
        <Section title={canEdit ? "Edit" : "Values in force"}>
          {canEdit && messages ? (
            <form
              noValidate
              aria-label={`Site parameters of ${cloud.name}`}
              onSubmit={(e) => {
                e.preventDefault();
                submit();
              }}
              className="flex flex-col gap-3"
            >
              {movedOn && !conflict && (
                <Notice>
                  {current.data?.createdByName ?? "Someone"} saved version {savedVersion} while you were editing version {edit.basedOnVersion}; saving now would be refused.{" "}
                  <button type="button" className="underline" onClick={rebase}>
                    Apply my changes on top of version {savedVersion}
                  </button>
                </Notice>
              )}
              {edit && edit.clashes.length > 0 && (
                <Notice>
                  You and the author of version {edit.basedOnVersion} both changed: {edit.clashes.join(", ")}. Your values are kept; check them before saving.
                </Notice>
              )}
              <SiteParamsFields draft={draft} messages={messages} networkNote={preview.networkNote} onChange={change} />
              {conflict && save.error && (
                <div role="alert" className="flex flex-col gap-2 rounded border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100">
                  <p>{save.error.message}</p>
                  <div className="flex flex-wrap gap-2">
                    <button type="button" className={BUTTON} onClick={rebase} disabled={!current.data || current.data.version === edit?.basedOnVersion}>
                      Apply my changes on top of version {savedVersion}
                    </button>
                    <button type="button" className={BUTTON} onClick={discard}>
                      Discard my changes
                    </button>
                  </div>
                </div>
              )}
              {!conflict && <RequestError error={save.error} />}
              <label className="flex flex-col gap-0.5 text-xs">
                Comment (why; shown in the history and the audit log)
                <input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} className={`${INPUT} max-w-xl`} />
              </label>
              <div className="flex flex-wrap items-center gap-2">
                <button type="submit" className={PRIMARY_BUTTON} disabled={saveBlocked !== null || save.isPending} aria-describedby="site-params-save-state">
                  {save.isPending ? "Saving…" : `Save as version ${(edit?.basedOnVersion ?? savedVersion) + 1}`}
                </button>
                <button type="button" className={BUTTON} onClick={discard} disabled={!edit}>
                  Discard changes
                </button>
                <span id="site-params-save-state" role="status" className="text-xs text-zinc-600 dark:text-zinc-400">
                  {save.isPending ? "" : (saveBlocked ?? (hasMessages(messages) ? "" : `Based on version ${edit?.basedOnVersion ?? savedVersion}.`))}
                </span>
              </div>
            </form>
          ) : (
            <SiteParamsReadOnly params={savedParams} />
          )}
        </Section>

        <Section title="Contextualization preview">
          <ContextPreview preview={preview} note={previewNote} />
        </Section>
      </div>

      <Section title="Version history">
        {history.error && !history.data ? (
          <QueryError what="the version history" error={history.error} onRetry={() => void history.refetch()} />
        ) : history.data ? (
          <SiteParamsHistory cloudId={cloudId} entries={history.data.entries} total={history.data.total} />
        ) : (
          <Skeleton className="h-24" />
        )}
      </Section>
    </div>
  );
}

export function SiteParamsSkeleton() {
  return (
    <LoadingRegion label="Loading the site parameters">
      <div className="flex flex-col gap-3">
        <Skeleton className="h-20" />
        <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
          <Skeleton className="h-96" />
          <Skeleton className="h-96" />
        </div>
        <Skeleton className="h-40" />
      </div>
    </LoadingRegion>
  );
}
