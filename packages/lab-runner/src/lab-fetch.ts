import { Agent, fetch as undiciFetch } from 'undici';
import type { ClientTls } from './wait.js';

const agents = new WeakMap<ClientTls, Agent>();

/**
 * fetch for the runner and the tests: with `tls` (the mTLS profile's runner certificate, `lab.clientTls`) through an
 * undici Agent that presents it and checks servers against the lab CA (`{ca}` alone: a client with no certificate,
 * as Genesys at the ingress); without, the global fetch. undici's own fetch: Node's bundled one does not take the npm
 * package's Agent. No deadline of its own: give `init.signal`.
 */
export async function labFetch(url: string, tls?: ClientTls, init: RequestInit = {}): Promise<Response> {
  if (!tls) return fetch(url, init);
  let dispatcher = agents.get(tls);
  if (!dispatcher) {
    dispatcher = new Agent({ connect: { ca: tls.ca, cert: tls.cert, key: tls.key } });
    agents.set(tls, dispatcher);
  }
  return (await undiciFetch(url, { ...(init as object), dispatcher })) as unknown as Response;
}
