import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { envInt, listenAddress, logLevel, parseEnv } from './env-config.js';

const schema = z.object({
  ...listenAddress(18_090),
  APP_LEVEL: logLevel.default('info'),
  APP_N: envInt(1, 9).default(3),
});

describe('parseEnv', () => {
  it('reads SERVICE_* and the prefixed variables only, with the defaults', () => {
    expect(parseEnv(schema, { SERVICE_PORT: '19000', APP_N: '5', OTHER_N: 'x' }, 'app', ['APP_'])).toEqual({
      SERVICE_HOST: '127.0.0.1',
      SERVICE_PORT: 19_000,
      APP_LEVEL: 'info',
      APP_N: 5,
    });
  });

  it('throws one message naming each bad variable and the app', () => {
    expect(() => parseEnv(schema, { SERVICE_PORT: '70000', APP_LEVEL: 'loud' }, 'mock-x', ['APP_'])).toThrow(
      /^invalid mock-x configuration:\n {2}SERVICE_PORT: .*\n {2}APP_LEVEL: /,
    );
  });
});
