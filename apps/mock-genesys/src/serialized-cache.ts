import { LRUCache } from 'lru-cache';
import { LIMITS } from './limits.js';

/**
 * Serialized answers that never change for a given request (the data set is fixed at start-up), kept as UTF-8
 * Buffers: answering then costs neither JSON.stringify nor string encoding, which dominated the mock's profile
 * under load (apps/mock-genesys/bench). Bounded, least recently used first out.
 */
export class SerializedCache {
  private readonly entries = new LRUCache<string, Buffer>({ max: 1_024 });
  /** The same Buffers by the request text that asked for them (so one answer keeps one gzip variant). */
  private readonly byRequestText = new LRUCache<string, Buffer>({ max: 1_024 });

  get(key: string, build: () => unknown): Buffer {
    let body = this.entries.get(key);
    if (!body) {
      body = Buffer.from(JSON.stringify(build()));
      this.entries.set(key, body);
    }
    return body;
  }

  /**
   * The answer for a request whose answer depends only on its text (e.g. a listing's query string): a text seen
   * before skips `resolve`, its parsing and validation (zod was a tenth of the mock's own time on a listing); a
   * text `resolve` refuses (it throws) is never remembered, nor one over LIMITS.cachedBodyBytes characters.
   */
  forText(text: string, resolve: () => Buffer): Buffer {
    let body = this.byRequestText.get(text);
    if (!body) {
      body = resolve();
      if (text.length <= LIMITS.cachedBodyBytes) this.byRequestText.set(text, body);
    }
    return body;
  }
}

/** The query string of a request URL ('' when it has none), as sent. */
export function queryText(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? '' : url.slice(at + 1);
}
