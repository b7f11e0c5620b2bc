import { type InternalFetch, internalFetch } from '@lab/http-edge';
import type { ClientTls } from './wait.js';

/** One fetch (one undici Agent, its connections kept) per certificate set. */
const fetches = new WeakMap<ClientTls, InternalFetch>();

/**
 * fetch for the runner and the tests: with `tls` (the mTLS profile's runner certificate, `lab.clientTls`) through an
 * undici Agent that presents it and checks servers against the lab CA (`{ca}` alone: a client with no certificate,
 * as Genesys at the ingress), by @lab/http-edge's internalFetch, the one the services use; without, the global
 * fetch. No deadline of its own: give `init.signal`.
 */
export async function labFetch(url: string, tls?: ClientTls, init: RequestInit = {}): Promise<Response> {
  if (!tls) return fetch(url, init);
  let tlsFetch = fetches.get(tls);
  if (!tlsFetch) {
    tlsFetch = internalFetch(tls);
    fetches.set(tls, tlsFetch);
  }
  return tlsFetch(url, init);
}
