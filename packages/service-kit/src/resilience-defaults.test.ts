import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resilienceOverridesWithDefaults } from './resilience-defaults.js';

const schema = z.object({
  RESILIENCE_OVERRIDES: resilienceOverridesWithDefaults({ crm: { timeoutMs: 1_000, retry: { maxAttempts: 2 } } }),
});

describe('resilience overrides with service defaults', () => {
  it('applies the service defaults when the variable is unset', () => {
    const { crm } = schema.parse({}).RESILIENCE_OVERRIDES;
    expect(crm).toMatchObject({ timeoutMs: 1_000, retry: { maxAttempts: 2 } });
  });

  it('lets the variable win key by key, keeping the other defaults', () => {
    const parsed = schema.parse({
      RESILIENCE_OVERRIDES: '{"crm":{"retry":{"initialDelayMs":5}},"genesys":{"timeoutMs":9}}',
    });
    expect(parsed.RESILIENCE_OVERRIDES.crm).toMatchObject({
      timeoutMs: 1_000,
      retry: { maxAttempts: 2, initialDelayMs: 5 },
    });
    expect(parsed.RESILIENCE_OVERRIDES.genesys).toMatchObject({ timeoutMs: 9 });
  });

  it('still names a value that is not JSON', () => {
    const result = schema.safeParse({ RESILIENCE_OVERRIDES: '{crm' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/not valid JSON/);
  });
});
