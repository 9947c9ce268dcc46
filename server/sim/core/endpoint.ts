import type { CloudKind } from "../../domain/vocabulary";

/** What a running protocol sim hands to whoever configures a driver for it. */
export interface SimEndpoint {
  kind: CloudKind;
  /** The URL a driver is configured with (Keystone v3 base, EC2 service path, XML-RPC path, API 2.0 base). */
  url: string;
  region: string | null;
  credentials: Record<string, string>;
  close(): Promise<void>;
}
