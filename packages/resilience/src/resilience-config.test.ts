import { describe, expect, it } from 'vitest';
import { resilienceConfigSchema } from './resilience-config.js';

describe('resilience config', () => {
  it('fills in every default from an empty object', () => {
    const config = resilienceConfigSchema.parse({});
    expect(config).toMatchObject({
      mode: 'resilient',
      timeoutMs: 3_000,
      naiveTimeoutMs: 16_000,
      retry: { maxAttempts: 3, maxRetryAfterMs: 60_000 },
      breaker: { kind: 'consecutive', threshold: 5, failureRate: 0.5, minimumCalls: 3, shared: true },
      bulkhead: { limit: 10, queue: 20 },
      rateLimit: { budgetPerWindow: 280, platformLimit: 300, windowSeconds: 60, maxWaitMs: 30_000 },
    });
  });

  it('accepts strings, as environment variables give them', () => {
    const config = resilienceConfigSchema.parse({
      mode: 'naive',
      timeoutMs: '1500',
      breaker: { kind: 'rate', failureRate: '0.25', shared: 'false' },
      rateLimit: { budgetPerWindow: '200' },
    });
    expect(config.timeoutMs).toBe(1_500);
    expect(config.breaker).toMatchObject({ kind: 'rate', failureRate: 0.25, shared: false });
    expect(config.rateLimit.budgetPerWindow).toBe(200);
  });

  it('refuses settings that make no sense, naming them', () => {
    const over = resilienceConfigSchema.safeParse({ rateLimit: { budgetPerWindow: 301 } });
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.path).toEqual(['rateLimit', 'budgetPerWindow']);
    expect(resilienceConfigSchema.safeParse({ mode: 'yolo' }).success).toBe(false);
    expect(resilienceConfigSchema.safeParse({ breaker: { failureRate: 1 } }).success).toBe(false);
    expect(resilienceConfigSchema.safeParse({ retry: { maxAttempts: 0 } }).success).toBe(false);
  });
});
