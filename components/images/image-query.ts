import type { ListImageVersionsInput } from "@/server/services/images/list-image-versions";
import type { ImageVersionState } from "@/server/domain/vocabulary";
import { IMAGE_STATE_LOOK } from "./image-state-badge";

/** The catalogue's filters as the URL spells them (/images?q=…&state=…&os=…&arch=…&origin=…&page=…). */
export interface ImageQuery {
  q?: string;
  state?: ImageVersionState;
  os?: string;
  arch?: string;
  origin?: "ours" | "external";
  page: number;
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim().slice(0, 200).trim();
  return trimmed ? trimmed : undefined;
}

export function parseImageQuery(params: URLSearchParams): ImageQuery {
  const state = params.get("state");
  const origin = params.get("origin");
  const page = Number(params.get("page"));
  return {
    q: text(params.get("q")),
    state: state !== null && Object.hasOwn(IMAGE_STATE_LOOK, state) ? (state as ImageVersionState) : undefined,
    os: text(params.get("os")),
    arch: text(params.get("arch")),
    origin: origin === "ours" || origin === "external" ? origin : undefined,
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

export function toImageListInput(query: ImageQuery): ListImageVersionsInput {
  return query;
}

/** The URL of a catalogue page with these filters (unset ones left out). */
export function imageQueryHref(query: ImageQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && !(key === "page" && value === 1)) params.set(key, String(value));
  const search = params.toString();
  return search ? `/images?${search}` : "/images";
}
