import { loadConfig } from '@lab/service-kit';
import { describe, expect, it } from 'vitest';
import { schedulerConfigSchema } from './config.js';

describe('scheduler config', () => {
  it('has the lab defaults, and WFM-sized policies for genesys', () => {
    const config = loadConfig(schedulerConfigSchema, {});
    expect(config).toMatchObject({
      SERVICE_PORT: 18_104,
      GENESYS_URL: 'http://127.0.0.1:18204',
      PULL_INTERVAL_SECONDS: 30,
      PULL_JITTER: 0.2,
      PULL_TIMEOUT_SECONDS: 45,
      LOCK_TTL_SECONDS: 60,
      SCHEDULE_DAYS_AHEAD: 7,
    });
    expect(config.RESILIENCE_OVERRIDES.genesys).toMatchObject({
      timeoutMs: 5_000,
      bulkhead: { limit: 2 },
      cache: { ttlMs: 0 },
    });
  });

  it('lays RESILIENCE_OVERRIDES over those defaults key by key', () => {
    const config = loadConfig(schedulerConfigSchema, {
      RESILIENCE_OVERRIDES: JSON.stringify({ genesys: { timeoutMs: 1_000, retry: { maxAttempts: 2 } }, crm: {} }),
    });
    expect(config.RESILIENCE_OVERRIDES.genesys).toMatchObject({
      timeoutMs: 1_000,
      bulkhead: { limit: 2 },
      cache: { ttlMs: 0 },
      retry: { maxAttempts: 2 },
    });
    // Only genesys gets the scheduler's defaults; any other dependency keeps the shared ones.
    expect(config.RESILIENCE_OVERRIDES.crm?.timeoutMs).toBe(3_000);
  });

  it('names the variable of a bad value', () => {
    expect(() => loadConfig(schedulerConfigSchema, { RESILIENCE_OVERRIDES: '{nope' })).toThrow(
      /RESILIENCE_OVERRIDES: is not valid JSON/,
    );
    expect(() => loadConfig(schedulerConfigSchema, { PULL_JITTER: '1' })).toThrow(/PULL_JITTER/);
    expect(() => loadConfig(schedulerConfigSchema, { PULL_INTERVAL_SECONDS: '0' })).toThrow(/PULL_INTERVAL_SECONDS/);
    expect(() => loadConfig(schedulerConfigSchema, { SCHEDULE_DAYS_AHEAD: '40' })).toThrow(/SCHEDULE_DAYS_AHEAD/);
    expect(() => loadConfig(schedulerConfigSchema, { PULL_TIMEOUT_SECONDS: '90' })).toThrow(
      /LOCK_TTL_SECONDS: must be greater than PULL_TIMEOUT_SECONDS/,
    );
  });
});
