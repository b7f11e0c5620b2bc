import { describe, expect, it } from 'vitest';
import { kubernetesValues, POD_STATE_DIR, topology, withPortOffset } from './index.js';

describe('kubernetesValues (the Helm chart topology)', () => {
  it('addresses every process by Kubernetes Service name, listening on all interfaces', () => {
    const v = kubernetesValues(topology);
    expect(v.apps['crm-sync']?.env).toMatchObject({
      SERVICE_HOST: '0.0.0.0',
      GENESYS_URL: 'http://toxiproxy:18202',
      CRM_URL: 'http://toxiproxy:18212',
      REDIS_URL: 'redis://redis:16379',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:14318',
    });
    expect(v.toxiproxy.config).toContainEqual({
      name: 'crm-sync-to-crm',
      listen: '0.0.0.0:18212',
      upstream: 'mock-crm:18090',
      enabled: true,
    });
    expect(v.apps['analytics-exporter']).toMatchObject({
      keepsState: true,
      env: { EXPORT_DIR: `${POD_STATE_DIR}/exports` },
    });
  });

  it('follows the topology: a moved port moves in every place the chart uses it', () => {
    const moved = kubernetesValues(withPortOffset(topology, 1000));
    expect(moved.apps['crm-sync']?.port).toBe(19102);
    expect(moved.apps['crm-sync']?.env.GENESYS_URL).toBe('http://toxiproxy:19202');
    expect(moved.apps['crm-sync']?.calls).toContainEqual({
      proxy: 'crm-sync-to-genesys',
      port: 19202,
      upstream: 'mock-genesys',
      env: 'GENESYS_URL',
    });
    expect(moved.redis.port).toBe(17379);
    expect(moved.prometheus.config).toContain('"crm-sync:19102"');
  });
});
