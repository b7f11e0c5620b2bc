import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfigOrExit } from './load-config-or-exit.js';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
const exit = (code: number): never => {
  throw new Exited(code);
};

afterEach(() => vi.restoreAllMocks());

describe('loadConfigOrExit', () => {
  it('returns what load returns', () => {
    expect(loadConfigOrExit(() => ({ PORT: 1 }), exit)).toEqual({ PORT: 1 });
  });

  it("prints the error's message alone and exits 1 when load throws", () => {
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const load = () => {
      throw new Error('invalid configuration:\n  X_PORT: too big');
    };
    expect(() => loadConfigOrExit(load, exit)).toThrow(new Exited(1));
    expect(stderr).toHaveBeenCalledExactlyOnceWith('invalid configuration:\n  X_PORT: too big');
  });
});
