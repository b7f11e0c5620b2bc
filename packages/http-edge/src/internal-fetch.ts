import { Agent, fetch as undiciFetch } from 'undici';
import type { TlsMaterial } from './mutual-tls.js';

/** fetch as the services use it for internal hops (the CRM, the notifier), and the runner and tests in the mTLS profile. */
export type InternalFetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * The fetch for a service's internal hops. Plain (no TLS contract): the global fetch. With the lab's mTLS material:
 * undici's fetch through one Agent that presents the service's certificate and checks the server's against the lab
 * CA and the URL's host (127.0.0.1 through Toxiproxy: the certificate's IP SAN), so a server with a certificate
 * from another CA or for another name fails the call. undici's own fetch, not the global one: Node's bundled undici
 * does not take a dispatcher of the npm package's major version. A TLS failure keeps fetch's TypeError (the
 * policies classify it as a connection error) with a message that names OpenSSL's reason, e.g.
 * "fetch failed: ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames...".
 */
export function internalFetch(material: TlsMaterial | undefined): InternalFetch {
  if (!material) return (url, init) => fetch(url, init);
  const dispatcher = new Agent({ connect: { ca: material.ca, cert: material.cert, key: material.key } });
  return async (url, init) => {
    try {
      return (await undiciFetch(url, { ...(init as object), dispatcher })) as unknown as Response;
    } catch (error) {
      const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
      if (error instanceof TypeError && cause?.code) {
        throw new TypeError(`fetch failed: ${cause.code}: ${cause.message}`, { cause });
      }
      throw error;
    }
  };
}
