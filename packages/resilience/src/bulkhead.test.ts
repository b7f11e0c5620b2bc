import { BulkheadRejectedError } from 'cockatiel';
import { describe, expect, it, vi } from 'vitest';
import { deferred, recorder } from '../test/recorder.js';
import { Bulkhead } from './bulkhead.js';

describe('bulkhead', () => {
  it('runs up to the limit, queues up to the queue, rejects the rest at once', async () => {
    const { events, of } = recorder();
    const bulkhead = new Bulkhead({ dependency: 'crm', events, limit: 2, queue: 1 });
    const gates = [deferred<string>(), deferred<string>(), deferred<string>()];
    const started: number[] = [];
    const run = (i: number) =>
      bulkhead.execute(() => {
        started.push(i);
        return gates[i]!.promise;
      });
    const first = run(0);
    const second = run(1);
    const queued = run(2);
    expect(started).toEqual([0, 1]);
    expect(bulkhead.usage).toEqual({ active: 2, queued: 1 });

    const extra = vi.fn(async () => 'never');
    // no timer runs: the rejection is immediate
    await expect(bulkhead.execute(extra)).rejects.toBeInstanceOf(BulkheadRejectedError);
    expect(extra).not.toHaveBeenCalled();
    expect(of('bulkhead-rejected')).toEqual([{ type: 'bulkhead-rejected', dependency: 'crm' }]);

    gates[0]!.resolve('a');
    await expect(first).resolves.toBe('a');
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.resolve('b');
    gates[2]!.resolve('c');
    await expect(Promise.all([second, queued])).resolves.toEqual(['b', 'c']);
    expect(bulkhead.usage).toEqual({ active: 0, queued: 0 });
    const usage = of('bulkhead');
    expect(usage[0]).toEqual({ type: 'bulkhead', dependency: 'crm', active: 1, queued: 0 });
    expect(usage.some((e) => e.active === 2 && e.queued === 1)).toBe(true);
    expect(usage.at(-1)).toMatchObject({ active: 0, queued: 0 });
  });

  it('defaults to 10 running and 20 queued', () => {
    const bulkhead = new Bulkhead({ dependency: 'crm', events: recorder().events });
    expect([bulkhead.limit, bulkhead.queue]).toEqual([10, 20]);
  });
});
