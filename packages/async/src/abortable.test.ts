import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortable } from './abortable.js';

describe('abortable', () => {
  it('is the work itself without a signal', () => {
    const work = Promise.resolve(1);
    expect(abortable(work)).toBe(work);
  });

  it('settles as the work does while the signal holds, and stops listening to the signal', async () => {
    const controller = new AbortController();
    const ok = Promise.withResolvers<string>();
    const wrapped = abortable(ok.promise, controller.signal);
    ok.resolve('value');
    await expect(wrapped).resolves.toBe('value');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    const failing = Promise.withResolvers<string>();
    const failed = abortable(failing.promise, controller.signal);
    failing.reject(new Error('redis down'));
    await expect(failed).rejects.toThrow('redis down');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it("rejects with the signal's reason as soon as it aborts, while the work goes on", async () => {
    const controller = new AbortController();
    const work = Promise.withResolvers<string>();
    const wrapped = abortable(work.promise, controller.signal);
    const reason = new Error('deadline');
    controller.abort(reason);
    await expect(wrapped).rejects.toBe(reason);
    // The work's own late failure is ignored by this caller, not left as an unhandled rejection.
    work.reject(new Error('late failure'));
    await expect(work.promise).rejects.toThrow('late failure');
  });

  it('rejects at once with the reason of a signal that has already aborted', async () => {
    const reason = new Error('already over');
    const work = Promise.withResolvers<number>();
    const wrapped = abortable(work.promise, AbortSignal.abort(reason));
    work.reject(new Error('ignored'));
    await expect(wrapped).rejects.toBe(reason);
  });
});
