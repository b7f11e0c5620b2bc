import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer, type Server as HttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { z } from 'zod';

const file = z.string().min(1);

/**
 * The lab's mTLS contract (`LAB_MTLS=1 npm run lab` gives it to every internal process; unset: plain HTTP). The
 * lab CA, this process's certificate and key (PEM files), and optionally the names (certificate CN) allowed to
 * call it. Spread into each app's config schema, like `httpServerShape`.
 */
export const tlsShape = {
  TLS_CA_FILE: file.optional(),
  TLS_CERT_FILE: file.optional(),
  TLS_KEY_FILE: file.optional(),
  /** Comma-separated CNs allowed as clients (e.g. "crm-sync,prometheus,lab-runner"); unset: any lab certificate. */
  TLS_ALLOWED_CLIENTS: z
    .string()
    .min(1)
    .transform((text) =>
      text
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .optional(),
};

export type TlsConfig = {
  TLS_CA_FILE?: string | undefined;
  TLS_CERT_FILE?: string | undefined;
  TLS_KEY_FILE?: string | undefined;
  TLS_ALLOWED_CLIENTS?: string[] | undefined;
};

/** The PEM contents of the lab CA, this process's certificate and key. */
export interface TlsMaterial {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

/**
 * Reads the three files when the contract is given; undefined when none is set (plain HTTP). Some but not all
 * set, or a file that cannot be read, throws a message naming the variable, so the process stops at boot.
 */
export function tlsMaterial(config: TlsConfig): TlsMaterial | undefined {
  const names = ['TLS_CA_FILE', 'TLS_CERT_FILE', 'TLS_KEY_FILE'] as const;
  const given = names.filter((name) => config[name] !== undefined);
  if (given.length === 0) return undefined;
  const missing = names.filter((name) => config[name] === undefined);
  if (missing.length > 0) throw new Error(`invalid TLS configuration: ${missing.join(', ')} missing (${given} set)`);
  const read = (name: (typeof names)[number]) => {
    try {
      return readFileSync(config[name] as string);
    } catch (error) {
      throw new Error(`invalid TLS configuration: ${name}: ${(error as Error).message}`);
    }
  };
  return { ca: read('TLS_CA_FILE'), cert: read('TLS_CERT_FILE'), key: read('TLS_KEY_FILE') };
}

/** What a server reports (event `CLIENT_REFUSED` on its http server) when it closes a connection at the handshake. */
export interface ClientRefusal {
  /** An OpenSSL verification code (CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE...), NO_CLIENT_CERTIFICATE or NAME_NOT_ALLOWED. */
  reason: string;
  /** The certificate's subject CN, when one was presented. */
  peer?: string;
  remoteAddress?: string;
  /** The handshake itself failed (the client aborted it, or sent no TLS): no certificate was judged. */
  handshakeFailed?: true;
}

export const CLIENT_REFUSED = 'lab:client-refused';

/**
 * Why a mutually authenticated connection must be refused, or undefined when its client certificate is one the lab
 * CA signed, valid now, and (when `allowed` is given) for one of the allowed names.
 */
export function refusalOf(socket: TLSSocket, allowed?: readonly string[]): ClientRefusal | undefined {
  const certificate = socket.getPeerCertificate();
  const peer = typeof certificate?.subject?.CN === 'string' ? certificate.subject.CN : undefined;
  const remoteAddress = socket.remoteAddress;
  const at = { ...(peer ? { peer } : {}), ...(remoteAddress ? { remoteAddress } : {}) };
  if (!certificate || Object.keys(certificate).length === 0) return { reason: 'NO_CLIENT_CERTIFICATE', ...at };
  if (!socket.authorized) return { reason: String(socket.authorizationError ?? 'UNAUTHORIZED'), ...at };
  if (allowed && !(peer && allowed.includes(peer))) return { reason: 'NAME_NOT_ALLOWED', ...at };
  return undefined;
}

/**
 * Fastify's `serverFactory` for a STRICT mTLS server: HTTPS with the lab CA, a client certificate requested, and
 * every connection whose certificate is missing, not from the lab CA, expired or for a name not allowed closed as
 * its handshake completes, before any request is read. OpenSSL does the verification (`requestCert`); the
 * handshake is not aborted by OpenSSL itself (`rejectUnauthorized: false`) so that the refusal can name its reason
 * (with TLS 1.3 the server's own abort reports only a reset), which is emitted as `CLIENT_REFUSED` for the app's
 * logger. Fastify's timeouts are applied as Fastify applies them to the servers it creates.
 */
export function mutualTlsServerFactory(
  material: TlsMaterial,
  httpOptions: Record<string, unknown>,
  allowed?: readonly string[],
) {
  return (
    handler: RequestListener,
    options: { keepAliveTimeout?: number; requestTimeout?: number; connectionTimeout?: number },
  ): HttpsServer => {
    const server = createServer(
      { ...httpOptions, ...material, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' },
      handler,
    );
    if (options.keepAliveTimeout !== undefined) server.keepAliveTimeout = options.keepAliveTimeout;
    if (options.requestTimeout !== undefined) server.requestTimeout = options.requestTimeout;
    if (options.connectionTimeout !== undefined) server.setTimeout(options.connectionTimeout);
    // First of the 'secureConnection' listeners (the HTTP one is added by the constructor): a refused socket is
    // destroyed before the HTTP parser reads a byte from it.
    server.prependListener('secureConnection', (socket: TLSSocket) => {
      const refusal = refusalOf(socket, allowed);
      if (!refusal) return;
      server.emit(CLIENT_REFUSED, refusal);
      socket.destroy();
    });
    // A handshake that fails outright (a client that sends garbage, or aborts): reported with OpenSSL's code.
    server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
      server.emit(CLIENT_REFUSED, {
        reason: error.code ?? error.message,
        handshakeFailed: true,
        ...(socket.remoteAddress ? { remoteAddress: socket.remoteAddress } : {}),
      } satisfies ClientRefusal);
    });
    return server;
  };
}
