import { randomUUID } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { cloud, cloudImage, flavor } from "../db/schema";

/** What a request to the worker returns (server/services/lib/action-rows.ts). */
interface RequestResult {
  actionId: number;
}

/**
 * The console's tRPC mutations as a signed-in user's page sends them (superjson body, same
 * origin), for specs that need an action to exist without clicking through the dialogs that
 * another spec covers.
 */
export class ConsoleApi {
  constructor(
    private readonly request: APIRequestContext,
    private readonly baseURL: string,
  ) {}

  private async mutate<T>(procedure: string, input: Record<string, unknown>): Promise<T> {
    const res = await this.request.post(`/api/trpc/${procedure}`, {
      headers: { origin: this.baseURL },
      data: { json: { ...input, idempotencyKey: randomUUID() } },
    });
    if (!res.ok()) throw new Error(`${procedure}: HTTP ${res.status()} ${await res.text()}`);
    return ((await res.json()) as { result: { data: { json: T } } }).result.data.json;
  }

  /** Queues a launch of `count` VMs, naming the cloud, image and flavor as the dialog shows them. */
  async launch(db: Db, { cloudName, imageName, flavorName, queue, count }: { cloudName: string; imageName: string; flavorName: string; queue: string; count: number }): Promise<number> {
    const found = await db.select({ id: cloud.id }).from(cloud).where(eq(cloud.name, cloudName)).get();
    if (!found) throw new Error(`no cloud ${cloudName}`);
    const image = await db.select({ id: cloudImage.providerId }).from(cloudImage).where(and(eq(cloudImage.cloudId, found.id), eq(cloudImage.name, imageName))).get();
    const size = await db.select({ id: flavor.providerId }).from(flavor).where(and(eq(flavor.cloudId, found.id), eq(flavor.name, flavorName))).get();
    if (!image || !size) throw new Error(`${cloudName} offers no image ${imageName} or no flavor ${flavorName}`);
    const { actionId } = await this.mutate<RequestResult>("actions.launch", { cloudId: found.id, imageId: image.id, flavorId: size.id, queue, count });
    return actionId;
  }

  async drain(vmIds: number[]): Promise<number> {
    return (await this.mutate<RequestResult>("actions.drain", { vmIds })).actionId;
  }

  async destroy(vmIds: number[]): Promise<number> {
    return (await this.mutate<RequestResult>("actions.destroy", { vmIds })).actionId;
  }

  /** Tunes one signal's alert rule, as an operator may. */
  async updateAlertRule(input: { signal: string; threshold: number; forSec: number; severity: string; runbookUrl: string | null; enabled: boolean }): Promise<void> {
    await this.mutate("alerts.updateRule", input);
  }
}
