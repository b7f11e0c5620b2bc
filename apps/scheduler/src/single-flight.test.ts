import { describe, expect, it, vi } from 'vitest';
import { SingleFlight } from './single-flight.js';

describe('SingleFlight', () => {
  it('runs one at a time and refuses, without calling, while one runs', async () => {
    const flight = new SingleFlight<string>();
    let release: (value: string) => void = () => {};
    const first = flight.run(() => new Promise<string>((resolve) => (release = resolve)));
    expect(first).toBeInstanceOf(Promise);
    expect(flight.busy).toBe(true);

    const second = vi.fn(async () => 'second');
    expect(flight.run(second)).toBeUndefined();
    expect(second).not.toHaveBeenCalled();
    expect(flight.inFlight).toBe(first);

    release('first');
    await expect(first).resolves.toBe('first');
    expect(flight.busy).toBe(false);
    await expect(flight.run(second)).resolves.toBe('second');
  });

  it('frees the flight when the work fails', async () => {
    const flight = new SingleFlight<void>();
    await expect(flight.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(flight.busy).toBe(false);
    expect(flight.inFlight).toBeUndefined();
  });
});
