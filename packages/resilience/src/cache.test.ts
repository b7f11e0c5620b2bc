import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { recorder } from '../test/recorder.js';
import { ResponseCache } from './cache.js';
import { HttpStatusError } from './errors.js';

const unavailable = () => Promise.reject(new HttpStatusError(503));

describe('response cache', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves a fresh value without calling until the TTL passes', async () => {
    const { events, of } = recorder();
    const cache = new ResponseCache({ dependency: 'crm', events, ttlMs: 1_000 });
    const load = vi.fn(async () => 'v1');
    expect(await cache.getOrLoad('k', load)).toEqual({ value: 'v1', outcome: 'miss' });
    await vi.advanceTimersByTimeAsync(999);
    expect(await cache.getOrLoad('k', load)).toEqual({ value: 'v1', outcome: 'hit' });
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    load.mockResolvedValueOnce('v2');
    expect(await cache.getOrLoad('k', load)).toEqual({ value: 'v2', outcome: 'miss' });
    expect(of('cache').map((e) => e.outcome)).toEqual(['miss', 'hit', 'miss']);
  });

  it('serves the last good value when the call fails (stale-if-error), within the stale window', async () => {
    const { events, of } = recorder();
    const cache = new ResponseCache({ dependency: 'crm', events, ttlMs: 1_000, staleIfErrorMs: 5_000 });
    await cache.getOrLoad('k', async () => 'good');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await cache.getOrLoad('k', unavailable)).toEqual({
      value: 'good',
      outcome: 'stale',
      error: expect.objectContaining({ status: 503 }),
    });
    expect(of('cache').at(-1)).toEqual({ type: 'cache', dependency: 'crm', outcome: 'stale' });
    await vi.advanceTimersByTimeAsync(4_000);
    await expect(cache.getOrLoad('k', unavailable)).rejects.toMatchObject({ status: 503 });
  });

  it('does not hide a 4xx behind a stale value', async () => {
    const cache = new ResponseCache({ dependency: 'crm', events: recorder().events, ttlMs: 1 });
    await cache.getOrLoad('k', async () => 'good');
    await vi.advanceTimersByTimeAsync(5);
    await expect(cache.getOrLoad('k', () => Promise.reject(new HttpStatusError(404)))).rejects.toMatchObject({
      status: 404,
    });
  });

  it('stays bounded, evicting the least recently used entry', async () => {
    const cache = new ResponseCache({ dependency: 'crm', events: recorder().events, maxEntries: 2 });
    await cache.getOrLoad('a', async () => 'A');
    await cache.getOrLoad('b', async () => 'B');
    await cache.getOrLoad('a', async () => 'A2'); // hit: a becomes most recent
    await cache.getOrLoad('c', async () => 'C'); // evicts b
    expect(cache.size).toBe(2);
    expect(await cache.getOrLoad('a', async () => 'A3')).toEqual({ value: 'A', outcome: 'hit' });
    expect(await cache.getOrLoad('b', async () => 'B2')).toEqual({ value: 'B2', outcome: 'miss' });
  });

  it('runs one load for concurrent misses of a key, and shares its answer', async () => {
    const cache = new ResponseCache({ dependency: 'crm', events: recorder().events, ttlMs: 1_000 });
    let release: (value: string) => void = () => {};
    const load = vi.fn(() => new Promise<string>((resolve) => (release = resolve)));
    const both = Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
    release('once');
    expect(await both).toEqual([
      { value: 'once', outcome: 'miss' },
      { value: 'once', outcome: 'miss' },
    ]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('keeps nothing when neither the TTL nor the stale window is open', async () => {
    const cache = new ResponseCache({ dependency: 'crm', events: recorder().events, ttlMs: 0, staleIfErrorMs: 0 });
    expect(await cache.getOrLoad('k', async () => 'v1')).toEqual({ value: 'v1', outcome: 'miss' });
    expect(await cache.getOrLoad('k', async () => 'v2')).toEqual({ value: 'v2', outcome: 'miss' });
    await expect(cache.getOrLoad('k', unavailable)).rejects.toMatchObject({ status: 503 });
    expect(cache.size).toBe(0);
  });
});
