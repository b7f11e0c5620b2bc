import { HTTP_SERVER_DEFAULTS } from '@lab/http-edge';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('config', () => {
  it('has defaults that start a usable notifier', () => {
    expect(loadConfig({})).toEqual({
      ...HTTP_SERVER_DEFAULTS,
      SERVICE_HOST: '127.0.0.1',
      SERVICE_PORT: 18_095,
      NOTIFIER_LOG_LEVEL: 'info',
      NOTIFIER_FAULT_SEED: 1,
      NOTIFIER_BODY_LIMIT_BYTES: 1_048_576,
    });
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ SERVICE_PORT: '70000', NOTIFIER_FAULT_SEED: '-1' })).toThrow(
      /SERVICE_PORT: .*\n.*NOTIFIER_FAULT_SEED: /s,
    );
  });
});
