import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('config', () => {
  it('has defaults that start a usable mock', () => {
    const config = loadConfig({});
    expect(config.SERVICE_PORT).toBe(18_080);
    expect(config.MOCK_TOKEN_RATE_LIMIT).toBe(300);
    expect(config.MOCK_CLIENTS[0]).toMatchObject({ clientId: 'lab-client', tokenLifetimeSeconds: 86_400 });
  });

  it('stops with a message naming each bad variable', () => {
    expect(() =>
      loadConfig({ SERVICE_PORT: 'eighty', MOCK_CLIENTS: '[{', MOCK_ORG_RATE_LIMITS: '{"billing": 5}' }),
    ).toThrow(/SERVICE_PORT: .*\n.*MOCK_CLIENTS: is not valid JSON\n.*MOCK_ORG_RATE_LIMITS/s);
    expect(() =>
      loadConfig({
        MOCK_CLIENTS: JSON.stringify([{ clientId: 'a', clientSecret: 'b', tokenLifetimeSeconds: 999_999 }]),
      }),
    ).toThrow(/MOCK_CLIENTS\.0\.tokenLifetimeSeconds/);
  });
});
