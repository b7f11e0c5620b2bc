import { HTTP_SERVER_DEFAULTS } from '@lab/http-edge';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('config', () => {
  it('has defaults that start a usable CRM', () => {
    expect(loadConfig({})).toEqual({
      ...HTTP_SERVER_DEFAULTS,
      SERVICE_HOST: '127.0.0.1',
      SERVICE_PORT: 18_090,
      CRM_LOG_LEVEL: 'info',
      CRM_SEED: 42,
      CRM_FAULT_SEED: 1,
    });
  });

  it('reads SERVICE_PORT and CRM_* variables, and MOCK_CRM_FAULT_SEED as another name for CRM_FAULT_SEED', () => {
    const config = loadConfig({ SERVICE_PORT: '19000', MOCK_CRM_FAULT_SEED: '7', MOCK_PORT: '1', CRM_PORT: '2' });
    expect(config).toMatchObject({ SERVICE_PORT: 19_000, CRM_FAULT_SEED: 7 });
    expect(loadConfig({ CRM_FAULT_SEED: '3', MOCK_CRM_FAULT_SEED: '7' }).CRM_FAULT_SEED).toBe(3);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ SERVICE_PORT: 'eighty', CRM_ADMIN_TOKEN: 'short', CRM_LOG_LEVEL: 'loud' })).toThrow(
      /SERVICE_PORT: .*\n.*CRM_LOG_LEVEL: .*\n.*CRM_ADMIN_TOKEN: /s,
    );
  });
});
