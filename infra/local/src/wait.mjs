/** Polls `probe` until it resolves truthy, or fails after `timeoutMs` with the last error. */
export async function waitFor(what, probe, { timeoutMs = 60_000, intervalMs = 250, abort } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    const reason = abort?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
  throw new Error(
    `${what}: not ready after ${timeoutMs} ms${lastError ? ` (${lastError.message})` : ''}`,
  );
}
