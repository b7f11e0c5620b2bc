import { randomBytes } from 'node:crypto';
import type { OAuthClient } from '../config.js';
import { LIMITS } from '../limits.js';

export interface IssuedToken {
  accessToken: string;
  clientId: string;
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; token: IssuedToken }
  /** clientId: whose token it was, when it is known (an expired one), so the refusal still names the client. */
  | { ok: false; reason: 'missing' | 'unknown' | 'expired'; clientId?: string };

/** OAuth clients and the bearer tokens issued to them (client-credentials grant). */
export class TokenStore {
  private readonly clients: Map<string, OAuthClient>;
  private readonly tokens = new Map<string, IssuedToken>();
  /** Each client's tokens, oldest first: at most LIMITS.tokensPerClient (a new one revokes the oldest). */
  private readonly byClient = new Map<string, Set<string>>();

  constructor(
    clients: OAuthClient[],
    private readonly now: () => number = Date.now,
  ) {
    this.clients = new Map(clients.map((c) => [c.clientId, c]));
  }

  knowsClient(clientId: string): boolean {
    return this.clients.has(clientId);
  }

  /** Returns the client when id and secret match, else undefined. */
  authenticateClient(clientId: string, clientSecret: string): OAuthClient | undefined {
    const client = this.clients.get(clientId);
    return client && client.clientSecret === clientSecret ? client : undefined;
  }

  issue(client: OAuthClient): IssuedToken {
    this.evictExpired();
    const token = {
      accessToken: randomBytes(32).toString('base64url'),
      clientId: client.clientId,
      expiresAt: this.now() + client.tokenLifetimeSeconds * 1_000,
    };
    this.tokens.set(token.accessToken, token);
    const own = this.byClient.get(client.clientId) ?? new Set<string>();
    this.byClient.set(client.clientId, own);
    own.add(token.accessToken);
    for (const old of own) {
      if (own.size <= LIMITS.tokensPerClient) break;
      own.delete(old);
      this.tokens.delete(old);
    }
    return token;
  }

  check(authorization: string | undefined): TokenCheck {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, reason: 'missing' };
    const token = this.tokens.get(match[1]);
    if (!token) return { ok: false, reason: 'unknown' };
    if (token.expiresAt <= this.now()) return { ok: false, reason: 'expired', clientId: token.clientId };
    return { ok: true, token };
  }

  /** Expires every token now (admin: simulate a revocation or a token-lifetime edge). */
  expireAll(): number {
    const count = this.tokens.size;
    for (const token of this.tokens.values()) token.expiresAt = this.now();
    return count;
  }

  private evictExpired(): void {
    if (this.tokens.size < 10_000) return;
    const now = this.now();
    for (const [key, token] of this.tokens) {
      if (token.expiresAt > now) continue;
      this.tokens.delete(key);
      this.byClient.get(token.clientId)?.delete(key);
    }
  }
}

/** Parses `Authorization: Basic base64(id:secret)`. */
export function parseBasicAuth(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}
