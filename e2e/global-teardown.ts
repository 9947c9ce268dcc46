/** Stops the console started by global-setup, with its whole process group. */
export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.CLOUDSCOPE_E2E_PID);
  if (!pid) return;
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    // already gone
  }
}
