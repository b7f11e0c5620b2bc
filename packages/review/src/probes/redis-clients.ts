import { Redis } from 'ioredis';

/** Connections the lab's Redis holds now (INFO clients' connected_clients; this probe's own included). */
export async function redisClients(url: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 3_000 });
  try {
    await redis.connect();
    const info = await redis.info('clients');
    const match = /^connected_clients:(\d+)/m.exec(info);
    if (!match) throw new Error('INFO clients has no connected_clients');
    return Number(match[1]);
  } finally {
    redis.disconnect();
  }
}
