import { proxyUrl, topology } from '@lab/topology';
import { describe, expect, it } from 'vitest';
import { serviceConfigSchema } from './config.js';
import { topologyDefaults } from './topology-defaults.js';

describe('topology defaults', () => {
  it("gives a service its port and its proxies' URLs from the topology", () => {
    const crmSync = topologyDefaults('crm-sync');
    expect(crmSync.port).toBe(topology.services['crm-sync']?.port);
    expect(crmSync.url('CRM_URL')).toBe(proxyUrl('crm-sync-to-crm'));
    expect(crmSync.url('GENESYS_URL')).toBe(proxyUrl('crm-sync-to-genesys'));
  });

  it('names what the topology lacks', () => {
    expect(() => topologyDefaults('crm-sync').url('NOTIFIER_URL')).toThrow(/crm-sync no NOTIFIER_URL/);
    expect(() => topologyDefaults('queue-monitor')).toThrow(/no service queue-monitor/);
  });

  it("is where the common settings' host and Redis come from", () => {
    const config = serviceConfigSchema.parse({ SERVICE_PORT: '1', GENESYS_URL: 'http://127.0.0.1:2' });
    expect(config.SERVICE_HOST).toBe(topology.host);
    expect(config.REDIS_URL).toBe(`redis://${topology.host}:${topology.infra.redis.port}`);
  });
});
