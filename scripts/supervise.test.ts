import type { ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { supervise } from "./supervise";

class FakeChild extends EventEmitter {
  static nextPid = 100;
  readonly pid = FakeChild.nextPid++;
  readonly signals: string[] = [];
  kill(signal: string): boolean {
    this.signals.push(signal);
    return true;
  }
  die(code: number | null, signal: string | null = null): void {
    this.emit("exit", code, signal);
  }
}

let started: FakeChild[];
let log: string[];
const start = () => {
  const child = new FakeChild();
  started.push(child);
  return child as unknown as ChildProcess;
};

beforeEach(() => {
  vi.useFakeTimers();
  started = [];
  log = [];
});
afterEach(() => vi.useRealTimers());

it("starts a dead child again after the delay, logging the exit", () => {
  const web = supervise("web", start, { log: (line) => log.push(line) });
  started[0]!.die(null, "SIGKILL");
  expect(started).toHaveLength(1);
  vi.advanceTimersByTime(1_000);
  expect(started).toHaveLength(2);
  expect(web.current).toBe(started[1]);
  expect(log).toEqual([`[start] web started (pid ${started[0]!.pid})`, "[start] web exited (SIGKILL); restarting in 1 s", `[start] web started (pid ${started[1]!.pid})`]);

  started[1]!.die(1);
  vi.advanceTimersByTime(1_000);
  expect(started).toHaveLength(3);
  expect(log).toContain("[start] web exited (1); restarting in 1 s");
});

it("once stopped, signals the child and starts no other, even with a restart pending", () => {
  const worker = supervise("worker", start, { log: (line) => log.push(line) });
  worker.stop("SIGTERM");
  expect(started[0]!.signals).toEqual(["SIGTERM"]);
  started[0]!.die(0);
  vi.advanceTimersByTime(5_000);
  expect(started).toHaveLength(1);

  const web = supervise("web", start, { log: (line) => log.push(line) });
  started[1]!.die(1);
  web.stop();
  vi.advanceTimersByTime(5_000);
  expect(started).toHaveLength(2);
});
