import { Agent, fetch as undiciFetch } from 'undici';
import type { ClientTls } from './wait.js';

const agents = new WeakMap<ClientTls, Agent>();

/**
 * fetch for the runner and the tests: with `tls` (the mTLS profile's runner certificate, `lab.clientTls`) through an
 * undici Agent that presents it and checks servers against the lab CA; without, the global fetch. A timeout of
 * `STATUS`-like checks is the caller's (`init.signal`). undici's own fetch: Node's bundled one does not take the npm
 * package's Agent.
 */
export async function labFetch(url: string, tls?: ClientTls, init: RequestInit = {}): Promise<Response> {
  const signal = init.signal ?? AbortSignal.timeout(3_000);
  if (!tls) return fetch(url, { ...init, signal });
  let dispatcher = agents.get(tls);
  if (!dispatcher) {
    dispatcher = new Agent({ connect: { ca: tls.ca, cert: tls.cert, key: tls.key } });
    agents.set(tls, dispatcher);
  }
  return (await undiciFetch(url, { ...(init as object), signal, dispatcher })) as unknown as Response;
}
