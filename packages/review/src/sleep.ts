/**
 * Waits `ms`, or less when `signal` aborts: it resolves either way, since a stopped review still runs its rollbacks
 * after the wait (unlike @lab/resilience's sleep, which rejects on abort).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
