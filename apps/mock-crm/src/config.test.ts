import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('config', () => {
  it('has defaults that start a usable CRM', () => {
    expect(loadConfig({})).toEqual({
      CRM_HOST: '127.0.0.1',
      CRM_PORT: 18_090,
      CRM_LOG_LEVEL: 'info',
      CRM_SEED: 42,
      CRM_FAULT_SEED: 1,
    });
  });

  it('reads CRM_* variables, and MOCK_CRM_FAULT_SEED as another name for CRM_FAULT_SEED', () => {
    const config = loadConfig({ CRM_PORT: '19000', MOCK_CRM_FAULT_SEED: '7', MOCK_PORT: '1' });
    expect(config).toMatchObject({ CRM_PORT: 19_000, CRM_FAULT_SEED: 7 });
    expect(loadConfig({ CRM_FAULT_SEED: '3', MOCK_CRM_FAULT_SEED: '7' }).CRM_FAULT_SEED).toBe(3);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ CRM_PORT: 'eighty', CRM_ADMIN_TOKEN: 'short', CRM_LOG_LEVEL: 'loud' })).toThrow(
      /CRM_PORT: .*\n.*CRM_LOG_LEVEL: .*\n.*CRM_ADMIN_TOKEN: /s,
    );
  });
});
