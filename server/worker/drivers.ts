import type { Db } from "@/db/client";
import type { CloudDriver, DriverConfig } from "../clouds/driver";
import type { PollTarget } from "../services/list-poll-targets";

type CreateDriver = (config: DriverConfig) => CloudDriver;

const caches = new WeakMap<Db, WeakMap<CreateDriver, Map<string, CloudDriver>>>();

/**
 * One driver per cloud configuration per database, shared by the collector and the
 * executor and kept across polls and actions, so token caches survive. A changed
 * endpoint or credential is a new key, hence a new driver.
 */
export function driverFor(deps: { db: Db; createDriver: CreateDriver }, target: PollTarget): CloudDriver {
  let byFactory = caches.get(deps.db);
  if (!byFactory) caches.set(deps.db, (byFactory = new WeakMap()));
  let cache = byFactory.get(deps.createDriver);
  if (!cache) byFactory.set(deps.createDriver, (cache = new Map()));
  const key = `${target.cloudId}:${JSON.stringify(target.driver)}`;
  let driver = cache.get(key);
  if (!driver) cache.set(key, (driver = deps.createDriver(target.driver)));
  return driver;
}
