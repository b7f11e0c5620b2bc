import type { FastifyInstance } from 'fastify';

/** The part of `process` this uses; tests pass a fake. */
export interface SignalledProcess {
  on(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  exit(code: number): unknown;
}

/**
 * For main.ts: listens on host:port, then on the first SIGINT or SIGTERM closes the server (finishing requests in
 * flight) and exits 0, or 1 when closing fails. Later signals are ignored. Resolves to the address listened on.
 */
export async function serveUntilSignal(
  app: FastifyInstance,
  address: { host: string; port: number },
  proc: SignalledProcess = process,
): Promise<string> {
  const listening = await app.listen(address);
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    proc.on(signal, () => {
      if (closing) return;
      closing = true;
      app.close().then(
        () => proc.exit(0),
        () => proc.exit(1),
      );
    });
  }
  return listening;
}
