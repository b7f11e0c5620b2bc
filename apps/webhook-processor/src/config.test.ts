import { loadConfig } from '@lab/service-kit';
import { describe, expect, it } from 'vitest';
import { webhookProcessorConfigSchema } from './config.js';

describe('webhook-processor config', () => {
  it('has the lab defaults, and a 3 s notifier timeout unless overridden', () => {
    const config = loadConfig(webhookProcessorConfigSchema, {});
    expect(config).toMatchObject({
      SERVICE_PORT: 18_103,
      GENESYS_URL: 'http://127.0.0.1:18203',
      NOTIFIER_URL: 'http://127.0.0.1:18213',
      NOTIFICATIONS_ENABLED: true,
      WORKER_ENABLED: true,
      QUEUE_TOPIC_COUNT: 3,
      MAX_DELIVERIES: 5,
      MAX_COUNTED_FAILURES: 10,
      MAX_ENTRY_AGE_MS: 86_400_000,
      EVENTS_STREAM: 'webhook:events',
      DEAD_LETTER_STREAM: 'webhook:dead',
      CONSUMER_GROUP: 'processors',
    });
    expect(config.RESILIENCE_OVERRIDES).toMatchObject({ notifier: { timeoutMs: 3_000 } });
    const merged = loadConfig(webhookProcessorConfigSchema, {
      RESILIENCE_OVERRIDES: '{"notifier":{"retry":{"maxAttempts":2}},"genesys":{"timeoutMs":900}}',
    });
    expect(merged.RESILIENCE_OVERRIDES).toMatchObject({
      notifier: { timeoutMs: 3_000, retry: { maxAttempts: 2 } },
      genesys: { timeoutMs: 900 },
    });
  });

  it('reads switches and topic lists', () => {
    const config = loadConfig(webhookProcessorConfigSchema, {
      NOTIFICATIONS_ENABLED: 'false',
      WORKER_ENABLED: '0',
      NOTIFICATION_TOPICS: ' v2.a , v2.b,,',
    });
    expect(config).toMatchObject({
      NOTIFICATIONS_ENABLED: false,
      WORKER_ENABLED: false,
      NOTIFICATION_TOPICS: ['v2.a', 'v2.b'],
    });
  });

  it('names the variable of a bad or inconsistent value', () => {
    expect(() => loadConfig(webhookProcessorConfigSchema, { MAX_DELIVERIES: '0' })).toThrow(/MAX_DELIVERIES/);
    expect(() => loadConfig(webhookProcessorConfigSchema, { MAX_COUNTED_FAILURES: '0' })).toThrow(
      /MAX_COUNTED_FAILURES/,
    );
    expect(() => loadConfig(webhookProcessorConfigSchema, { WEBHOOK_SECRET: 'short' })).toThrow(/WEBHOOK_SECRET/);
    expect(() => loadConfig(webhookProcessorConfigSchema, { ITEM_TIMEOUT_MS: '30000', RETRY_BASE_MS: '1000' })).toThrow(
      /RETRY_BASE_MS/,
    );
  });
});
