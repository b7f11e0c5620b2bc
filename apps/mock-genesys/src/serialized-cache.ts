import { LRUCache } from 'lru-cache';

/**
 * Serialized answers that never change for a given request (the data set is fixed at start-up), kept as UTF-8
 * Buffers: answering then costs neither JSON.stringify nor string encoding, which dominated the mock's profile
 * under load (apps/mock-genesys/bench). Bounded, least recently used first out.
 */
export class SerializedCache {
  private readonly entries = new LRUCache<string, Buffer>({ max: 1_024 });

  get(key: string, build: () => unknown): Buffer {
    let body = this.entries.get(key);
    if (!body) {
      body = Buffer.from(JSON.stringify(build()));
      this.entries.set(key, body);
    }
    return body;
  }
}
