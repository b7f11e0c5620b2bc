import type { Gateway } from './sdk.js';

/** The SDK gateway for a base URL: its host, its port (the scheme's default when none is given) and its protocol. */
export function gatewayOf(url: string): Gateway {
  const parsed = new URL(url);
  const protocol = parsed.protocol === 'https:' ? 'https' : 'http';
  return {
    host: parsed.hostname,
    port: Number(parsed.port || (protocol === 'https' ? 443 : 80)),
    protocol,
  };
}
