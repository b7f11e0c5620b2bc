import { afterEach, describe, expect, it } from 'vitest';
import { LIMITS } from './limits.js';
import { queryText, SerializedCache } from './serialized-cache.js';
import { type Harness, harness } from './testing/harness.js';

let h: Harness | undefined;
afterEach(() => h?.close());

describe('SerializedCache.forText', () => {
  it('answers a text seen before without resolving it again, with the very same Buffer', () => {
    const cache = new SerializedCache();
    let resolved = 0;
    const resolve = () => {
      resolved++;
      return cache.get('page 1', () => ({ page: 1 }));
    };
    const first = cache.forText('queues?pageSize=1', resolve);
    expect(cache.forText('queues?pageSize=1', resolve)).toBe(first);
    expect(resolved).toBe(1);
    // another spelling of the same page resolves once, to the same Buffer (one gzip variant per answer)
    expect(cache.forText('queues?pageSize=1&pageNumber=1', resolve)).toBe(first);
    expect(resolved).toBe(2);
    expect(first.toString()).toBe('{"page":1}');
  });

  it('never remembers a text that was refused, nor one over the size bound', () => {
    const cache = new SerializedCache();
    let calls = 0;
    const refuse = () => {
      calls++;
      throw new Error('bad query');
    };
    expect(() => cache.forText('queues?pageSize=0', refuse)).toThrow('bad query');
    expect(() => cache.forText('queues?pageSize=0', refuse)).toThrow('bad query');
    expect(calls).toBe(2);
    const long = `queues?name=${'x'.repeat(LIMITS.cachedBodyBytes)}`;
    let built = 0;
    const build = () => {
      built++;
      return Buffer.from('{}');
    };
    cache.forText(long, build);
    cache.forText(long, build);
    expect(built).toBe(2);
  });

  it('takes the query string as sent', () => {
    expect(queryText('/api/v2/users')).toBe('');
    expect(queryText('/api/v2/users?pageSize=2&pageNumber=3')).toBe('pageSize=2&pageNumber=3');
  });
});

describe('listings remembered by their query text', () => {
  it('answers the same bytes for a repeated query and still refuses a bad one after good ones', async () => {
    h = await harness();
    const a = await h.call('GET', '/api/v2/routing/queues?pageSize=2&pageNumber=1');
    const b = await h.call('GET', '/api/v2/routing/queues?pageSize=2&pageNumber=1');
    const c = await h.call('GET', '/api/v2/routing/queues?pageNumber=1&pageSize=2');
    expect(a.statusCode).toBe(200);
    expect(b.body).toBe(a.body);
    expect(c.body).toBe(a.body);
    expect(a.json().entities).toHaveLength(2);
    const bad = await h.call('GET', '/api/v2/routing/queues?pageSize=0');
    expect(bad.statusCode).toBe(400);
    expect((await h.call('GET', '/api/v2/routing/queues?pageSize=0')).statusCode).toBe(400);
    const users = await h.call('GET', '/api/v2/users?pageSize=3&pageNumber=2');
    expect(users.json()).toMatchObject({ pageSize: 3, pageNumber: 2 });
    expect((await h.call('GET', '/api/v2/users?pageSize=3&pageNumber=2')).body).toBe(users.body);
  });
});
