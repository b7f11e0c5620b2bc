import type { TlsMaterial } from '@lab/http-edge';
import type { RedisOptions } from 'ioredis';

/**
 * ioredis options for a rediss:// URL: TLS with the lab CA and this process's certificate (the lab's Redis runs
 * with `tls-auth-clients yes`: no certificate, no connection). redis:// (the plain default): none.
 */
export function redisTlsOptions(url: string, material: TlsMaterial | undefined): RedisOptions {
  if (!url.startsWith('rediss:')) return {};
  return { tls: material ? { ca: material.ca, cert: material.cert, key: material.key } : {} };
}
