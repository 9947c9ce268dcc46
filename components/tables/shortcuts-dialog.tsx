"use client";

import { BUTTON, ModalDialog } from "@/components/dialog/modal-dialog";
import { VM_TABLE_SHORTCUTS } from "./row-keys";

/** What "?" shows: every key the VMs table answers. */
export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <ModalDialog title="Keyboard shortcuts" onClose={onClose} width="w-[28rem]">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {VM_TABLE_SHORTCUTS.map(({ keys, what }) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded border border-zinc-300 px-1 font-mono text-xs dark:border-zinc-700">{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-3 flex justify-end">
        <button type="button" className={BUTTON} onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}
