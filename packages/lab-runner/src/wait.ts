import { get } from 'node:https';
import type { TlsMaterial } from '@lab/http-edge';

/** Thrown from a check to stop waiting at once (the awaited thing can no longer happen). */
export class GiveUp extends Error {}

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
}

/** A client certificate and the CA to check the server's with (PEM contents): the mTLS contract's TlsMaterial. */
export type ClientTls = TlsMaterial;

/**
 * Resolves true when GET url answers 2xx within `timeoutMs` (1 s: readiness polls retry anyway). With `tls` (an
 * https URL in the mTLS profile) the request presents that certificate and checks the server's against its CA.
 */
export async function httpOk(url: string, timeoutMs = 1_000, tls?: ClientTls): Promise<boolean> {
  if (tls) return httpsOk(url, timeoutMs, tls);
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  return response.ok;
}

function httpsOk(url: string, timeoutMs: number, tls: ClientTls): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const request = get(url, { ...tls, timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      resolve((response.statusCode ?? 500) < 300 && (response.statusCode ?? 0) >= 200);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}
