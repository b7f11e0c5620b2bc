import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('config', () => {
  it('has defaults that start a usable notifier', () => {
    expect(loadConfig({})).toEqual({
      NOTIFIER_HOST: '127.0.0.1',
      NOTIFIER_PORT: 18_095,
      NOTIFIER_LOG_LEVEL: 'info',
      NOTIFIER_FAULT_SEED: 1,
      NOTIFIER_BODY_LIMIT_BYTES: 1_048_576,
    });
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ NOTIFIER_PORT: '70000', NOTIFIER_FAULT_SEED: '-1' })).toThrow(
      /NOTIFIER_PORT: .*\n.*NOTIFIER_FAULT_SEED: /s,
    );
  });
});
