import { describe, expect, it } from 'vitest';
import { type IssuedToken, TokenCache } from './token-cache.js';

/** A fake clock and a token endpoint whose answers the test releases by hand. */
function setup(lifetimeSeconds = 3_600, refreshBeforeExpirySeconds = 60) {
  const clock = { t: 1_000_000 };
  const pending: { resolve: (token: IssuedToken) => void; reject: (error: Error) => void }[] = [];
  let issued = 0;
  const cache = new TokenCache({
    now: () => clock.t,
    refreshBeforeExpirySeconds,
    fetchToken: () =>
      new Promise<IssuedToken>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  });
  /** Answers the oldest pending token request with token-N. */
  const answer = async () => {
    const next = pending.shift();
    if (!next) throw new Error('no token request is pending');
    next.resolve({ accessToken: `token-${++issued}`, expiresInSeconds: lifetimeSeconds });
    await flush();
  };
  return { clock, cache, pending, answer };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('TokenCache', () => {
  it('makes one token request for 50 concurrent callers on a cold cache', async () => {
    const { cache, pending, answer } = setup();
    const callers = Array.from({ length: 50 }, () => cache.get());
    expect(pending).toHaveLength(1);
    await answer();
    expect(new Set(await Promise.all(callers))).toEqual(new Set(['token-1']));
    expect(pending).toHaveLength(0);
  });

  it('serves the cached token until 60 s before expiry, then refreshes once', async () => {
    const { clock, cache, pending, answer } = setup(3_600);
    const first = cache.get();
    await answer();
    expect(await first).toBe('token-1');

    clock.t += 3_539_000; // 3 539 s: 61 s left
    expect(await cache.get()).toBe('token-1');
    expect(pending).toHaveLength(0);

    clock.t += 1_000; // 60 s left: due, refreshed in the background while the valid token is served
    const during = [cache.get(), cache.get(), cache.get()];
    expect(pending).toHaveLength(1);
    expect(await Promise.all(during)).toEqual(['token-1', 'token-1', 'token-1']);
    await answer();
    expect(await cache.get()).toBe('token-2');
    expect(pending).toHaveLength(0);
  });

  it('keeps serving the valid token while a refresh hangs or fails; only an expired token blocks callers', async () => {
    const errors: unknown[] = [];
    const clock = { t: 0 };
    const pending: { resolve: (token: IssuedToken) => void; reject: (error: Error) => void }[] = [];
    const cache = new TokenCache({
      now: () => clock.t,
      onRefreshError: (error) => errors.push(error),
      fetchToken: () => new Promise<IssuedToken>((resolve, reject) => pending.push({ resolve, reject })),
    });
    const first = cache.get();
    pending.shift()!.resolve({ accessToken: 'token-1', expiresInSeconds: 3_600 });
    expect(await first).toBe('token-1');

    clock.t = 3_550_000; // 50 s left: a refresh starts and fails
    expect(await cache.get()).toBe('token-1');
    pending.shift()!.reject(new Error('token endpoint down'));
    await flush();
    expect(errors).toHaveLength(1);
    clock.t = 3_590_000; // 10 s left: tried again, hangs; callers are not held up
    expect(await cache.get()).toBe('token-1');
    expect(await cache.get()).toBe('token-1');
    expect(pending).toHaveLength(1);

    clock.t = 3_600_000; // expired: callers wait for the refresh in flight
    let got: string | undefined;
    const blocked = cache.get().then((token) => {
      got = token;
    });
    await flush();
    expect(got).toBeUndefined();
    pending.shift()!.resolve({ accessToken: 'token-2', expiresInSeconds: 3_600 });
    await blocked;
    expect(got).toBe('token-2');
  });

  it('measures the lifetime from when the request started', async () => {
    const { clock, cache, pending, answer } = setup(3_600);
    const first = cache.get();
    clock.t += 30_000; // the token endpoint took 30 s to answer
    await answer();
    await first;
    clock.t += 3_509_000; // 3 539 s after the request: 61 s left
    await cache.get();
    expect(pending).toHaveLength(0);
    clock.t += 1_000;
    void cache.get();
    expect(pending).toHaveLength(1);
  });

  it('never refreshes a short-lived token on every call: the margin is at most half its lifetime', async () => {
    const { clock, cache, pending, answer } = setup(60, 60);
    const first = cache.get();
    await answer();
    await first;
    clock.t += 29_000;
    expect(await cache.get()).toBe('token-1');
    expect(pending).toHaveLength(0);
    clock.t += 1_000;
    void cache.get();
    expect(pending).toHaveLength(1);
  });

  it('refreshes once when many callers report the same rejected token, and not for an already replaced one', async () => {
    const { cache, pending, answer } = setup();
    const first = cache.get();
    await answer();
    await first;

    const retries = Array.from({ length: 20 }, () => cache.invalidate('token-1'));
    expect(pending).toHaveLength(1);
    await answer();
    expect(new Set(await Promise.all(retries))).toEqual(new Set(['token-2']));

    // A late 401 for token-1 (its request left before the refresh) must not throw token-2 away.
    expect(await cache.invalidate('token-1')).toBe('token-2');
    expect(pending).toHaveLength(0);
  });

  it('rejects every waiter when the refresh fails, and tries again on the next call', async () => {
    const { cache, pending, answer } = setup();
    const waiters = [cache.get(), cache.get()];
    pending.shift()!.reject(new Error('token endpoint down'));
    for (const waiter of waiters) await expect(waiter).rejects.toThrow('token endpoint down');

    const again = cache.get();
    expect(pending).toHaveLength(1);
    await answer();
    expect(await again).toBe('token-1');
  });

  it('turns a fetchToken that throws synchronously into a rejection', async () => {
    const cache = new TokenCache({
      fetchToken: () => {
        throw new Error('boom');
      },
    });
    await expect(cache.get()).rejects.toThrow('boom');
  });

  it('lets an aborted caller stop waiting without cancelling the shared refresh', async () => {
    const { cache, pending, answer } = setup();
    const controller = new AbortController();
    const impatient = cache.get(controller.signal);
    const patient = cache.get();
    controller.abort(new Error('caller gave up'));
    await expect(impatient).rejects.toThrow('caller gave up');
    expect(pending).toHaveLength(1);
    await answer();
    expect(await patient).toBe('token-1');
  });

  it('reports how long the token has left without exposing it', async () => {
    const { clock, cache, answer } = setup(3_600);
    expect(cache.expiresInSeconds()).toBeUndefined();
    const first = cache.get();
    await answer();
    await first;
    clock.t += 600_000;
    expect(cache.expiresInSeconds()).toBe(3_000);
    expect(JSON.stringify(cache)).not.toContain('token-1');
  });
});
