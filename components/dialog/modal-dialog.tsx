"use client";

import { useEffect, useEffectEvent, useId, useRef, type KeyboardEvent, type ReactNode, type RefObject } from "react";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), summary';

/**
 * A modal dialog on the native <dialog> (showModal makes the page behind it inert): opens
 * when mounted, Escape or onClose closes it, Tab stays inside, and focus returns to where it
 * was. Mount it only while open, so every opening starts with fresh state.
 */
export function ModalDialog({
  title,
  description,
  onClose,
  initialFocusRef,
  width = "w-[36rem]",
  children,
}: {
  title: string;
  description?: ReactNode;
  onClose: () => void;
  /** What gets focus first; for a destructive confirmation, the Cancel button. */
  initialFocusRef?: RefObject<HTMLElement | null>;
  width?: string;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  const onCloseRef = useRef(onClose);
  useEffect(() => {
    onCloseRef.current = onClose;
  });

  // The first field of the body rather than the header's close button. An effect event:
  // the dialog opens once per mount, and a later change of initialFocusRef must not steal focus.
  const focusFirst = useEffectEvent((dialog: HTMLDialogElement) => {
    const first = initialFocusRef?.current ?? dialog.querySelector<HTMLElement>(`[data-dialog-body] :is(${FOCUSABLE})`) ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    focusFirst(dialog);
    return () => {
      if (dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  function trapTab(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab") return;
    const items = [...(ref.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])].filter((el) => el.offsetParent !== null || el === document.activeElement);
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  return (
    <dialog
      ref={ref}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        // Escape: React state decides, so the dialog closes by unmounting.
        event.preventDefault();
        onCloseRef.current();
      }}
      onKeyDown={trapTab}
      className={`${width} max-w-[calc(100vw-2rem)] rounded-lg border border-zinc-300 bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`}
      style={{ margin: "auto" }}
    >
      <div className="flex max-h-[calc(100vh-4rem)] flex-col">
        <header className="flex items-start justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <div className="min-w-0">
            <h2 id={titleId} className="text-base font-semibold">
              {title}
            </h2>
            {description && (
              <div id={descriptionId} className="mt-0.5 text-xs text-zinc-600 dark:text-zinc-400">
                {description}
              </div>
            )}
          </div>
          <button
            type="button"
            onClick={() => onCloseRef.current()}
            aria-label="Close dialog"
            className="rounded px-2 py-0.5 text-lg leading-none hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800"
          >
            <span aria-hidden="true">×</span>
          </button>
        </header>
        <div data-dialog-body className="overflow-y-auto px-4 py-3">
          {children}
        </div>
      </div>
    </dialog>
  );
}

/** Buttons used across dialogs and toolbars. */
export const BUTTON =
  "inline-flex items-center gap-1 rounded border border-zinc-300 px-2.5 py-1 text-sm hover:bg-zinc-100 disabled:cursor-not-allowed disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:hover:bg-zinc-800";
export const PRIMARY_BUTTON =
  "inline-flex items-center gap-1 rounded border border-sky-700 bg-sky-700 px-2.5 py-1 text-sm font-semibold text-white hover:bg-sky-800 disabled:cursor-not-allowed disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500";
export const DANGER_BUTTON =
  "inline-flex items-center gap-1 rounded border border-red-700 bg-red-700 px-2.5 py-1 text-sm font-semibold text-white hover:bg-red-800 disabled:cursor-not-allowed disabled:opacity-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-500";
export const INPUT =
  "rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-950 aria-[invalid=true]:border-red-600 focus-visible:outline-2 focus-visible:outline-sky-500";
