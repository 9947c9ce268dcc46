"use client";

import { Copy, Ellipsis, ExternalLink, PauseCircle, Trash2, type LucideIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { canOfferDestroy, canOfferDrain } from "@/server/domain/vm-actions";
import type { VmRow } from "@/server/services/list-vms";
import { nextRowIndex } from "./row-keys";

export type RowAction = "drain" | "destroy";

interface MenuItem {
  label: string;
  icon: LucideIcon;
  danger?: boolean;
  /** Copying says so in the menu instead of closing it. */
  keepOpen?: boolean;
  run: () => void;
}

/**
 * A row's own actions: open, copy the provider id, and (for those allowed to) drain and
 * destroy, which go through the same confirmation as a selection. Opened by its button or
 * by "m" on the focused row; arrows move, Escape closes and gives focus back.
 */
export function VmRowMenu({
  vm,
  open,
  canDrain,
  canDestroy,
  onOpenChange,
  onAction,
}: {
  vm: Pick<VmRow, "id" | "name" | "providerId" | "state" | "drainRequestedAt" | "destroyRequestedAt">;
  open: boolean;
  canDrain: boolean;
  canDestroy: boolean;
  onOpenChange: (open: boolean) => void;
  onAction: (action: RowAction) => void;
}) {
  const router = useRouter();
  const itemRefs = useRef<Array<HTMLButtonElement | null>>([]);
  const [copied, setCopied] = useState(false);
  const items: MenuItem[] = [
    { label: "Open", icon: ExternalLink, run: () => router.push(`/vms/${vm.id}`) },
    { label: copied ? "Provider id copied" : "Copy provider id", icon: Copy, keepOpen: true, run: () => void navigator.clipboard?.writeText(vm.providerId).then(() => setCopied(true)) },
    ...(canDrain && canOfferDrain(vm) ? [{ label: "Drain…", icon: PauseCircle, run: () => onAction("drain") }] : []),
    ...(canDestroy && canOfferDestroy(vm) ? [{ label: "Destroy…", icon: Trash2, danger: true, run: () => onAction("destroy") }] : []),
  ];

  useEffect(() => {
    if (open) itemRefs.current[0]?.focus();
  }, [open]);

  function onMenuKey(event: KeyboardEvent<HTMLDivElement>) {
    const index = itemRefs.current.findIndex((el) => el === document.activeElement);
    const next = nextRowIndex(event.key, Math.max(0, index), items.length);
    if (next !== null) {
      event.preventDefault();
      itemRefs.current[next]?.focus();
    } else if (event.key === "Escape" || event.key === "Tab") {
      event.preventDefault();
      event.currentTarget.closest<HTMLElement>("tr")?.focus();
      onOpenChange(false);
    }
  }

  return (
    <div className="relative inline-block" onKeyDown={(event) => event.stopPropagation()}>
      <button
        type="button"
        tabIndex={-1}
        aria-label={`Actions for ${vm.name}`}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => onOpenChange(!open)}
        className="rounded p-0.5 hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-700"
      >
        <Ellipsis aria-hidden="true" className="h-4 w-4" />
      </button>
      {open && (
        <div
          role="menu"
          aria-label={`Actions for ${vm.name}`}
          onKeyDown={onMenuKey}
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onOpenChange(false);
          }}
          className="absolute right-0 z-30 mt-1 flex min-w-44 flex-col rounded border border-zinc-300 bg-white py-1 text-xs shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
        >
          {items.map((item, i) => (
            <button
              key={item.label}
              ref={(el) => {
                itemRefs.current[i] = el;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                item.run();
                if (!item.keepOpen) onOpenChange(false);
              }}
              className={`flex items-center gap-2 px-3 py-1 text-left hover:bg-zinc-100 focus-visible:bg-zinc-100 focus-visible:outline-none dark:hover:bg-zinc-800 dark:focus-visible:bg-zinc-800 ${item.danger ? "text-red-800 dark:text-red-300" : ""}`}
            >
              <item.icon aria-hidden="true" className="h-3.5 w-3.5" />
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
