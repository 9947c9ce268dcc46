import type { ChildProcess } from "node:child_process";

export interface SupervisedChild {
  /** The running child (a new one after each restart). */
  readonly current: ChildProcess;
  /** Stops restarting and signals the running child. */
  stop(signal?: NodeJS.Signals): void;
}

export interface SuperviseOptions {
  restartDelayMs?: number;
  log?: (line: string) => void;
}

/**
 * Runs a child process and starts it again, after a short delay, whenever it exits
 * (until `stop`), logging each start and exit: `npm start` never loses its worker or web silently.
 */
export function supervise(name: string, start: () => ChildProcess, { restartDelayMs = 1_000, log = console.error }: SuperviseOptions = {}): SupervisedChild {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const launch = (): ChildProcess => {
    const child = start();
    log(`[start] ${name} started (pid ${child.pid})`);
    child.on("exit", (code, signal) => {
      if (stopped) return;
      log(`[start] ${name} exited (${signal ?? code}); restarting in ${restartDelayMs / 1_000} s`);
      timer = setTimeout(() => {
        if (!stopped) handle.current = launch();
      }, restartDelayMs);
    });
    return child;
  };
  const handle = {
    current: launch(),
    stop(signal: NodeJS.Signals = "SIGTERM") {
      stopped = true;
      clearTimeout(timer);
      handle.current.kill(signal);
    },
  };
  return handle;
}
