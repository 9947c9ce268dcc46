"use client";

import { useState } from "react";

/**
 * A random (v4) UUID. crypto.randomUUID exists only in secure contexts (https, localhost);
 * a console reached over plain http on an internal name falls back to getRandomValues.
 */
export function newIdempotencyKey(cryptoApi: Pick<Crypto, "getRandomValues"> & Partial<Pick<Crypto, "randomUUID">> = globalThis.crypto): string {
  if (typeof cryptoApi.randomUUID === "function") return cryptoApi.randomUUID();
  const bytes = cryptoApi.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One key per request, the first made up front (when the dialog opens): submitting the same
 * request again (a double click, a retry after a lost reply) reuses its key, so the server
 * creates one action. A different request (the form changed) gets its own key, and keeps it
 * if the form comes back to it.
 */
export function createKeyBook(make: () => string = newIdempotencyKey): (fingerprint: string) => string {
  const first = make();
  const byFingerprint = new Map<string, string>();
  return (fingerprint) => {
    let key = byFingerprint.get(fingerprint);
    if (key === undefined) {
      key = byFingerprint.size === 0 ? first : make();
      byFingerprint.set(fingerprint, key);
    }
    return key;
  };
}

/** A key book for the life of the component (mount it with the dialog). */
export function useIdempotencyKey(): (fingerprint: string) => string {
  const [book] = useState(() => createKeyBook());
  return book;
}
