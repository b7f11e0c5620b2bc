import { describe, expect, it } from 'vitest';
import {
  prometheusConfig,
  proxyUrl,
  serviceEnv,
  topology,
  topologySchema,
  toxiproxyConfig,
  withPortOffset,
} from './index.js';

describe('topology', () => {
  it('gives Toxiproxy a proxy per path, upstream resolved to the service port', () => {
    const proxies = toxiproxyConfig();
    const genesys = proxies.find((p) => p.name === 'lab-to-genesys');
    expect(genesys).toEqual({ name: 'lab-to-genesys', listen: '127.0.0.1:18180', upstream: '127.0.0.1:18080' });
    expect(proxyUrl('lab-to-genesys')).toBe('http://127.0.0.1:18180');
  });

  it('rejects two things on one port and proxies to unknown services', () => {
    const clash = structuredClone(topology);
    clash.proxies.push({
      name: 'dup',
      listenPort: topology.toxiproxy.apiPort,
      upstream: 'nowhere',
      client: 'crm-sync',
      description: '',
    });
    const result = topologySchema.safeParse(clash);
    expect(result.success).toBe(false);
    const messages = result.error?.issues.map((i) => i.message).join('\n');
    expect(messages).toContain('port 18474 is used by both toxiproxy api and proxy dup');
    expect(messages).toContain('proxy dup points at unknown service nowhere');
    expect(messages).toContain('proxy dup needs both client and env, or neither');
  });

  it('moves every port by an offset and nothing else', () => {
    const moved = withPortOffset(topology, 1000);
    expect(moved.toxiproxy.apiPort).toBe(topology.toxiproxy.apiPort + 1000);
    expect(toxiproxyConfig(moved)[0]).toMatchObject({ listen: '127.0.0.1:19180', upstream: '127.0.0.1:19080' });
    expect(() => withPortOffset(topology, 60_000)).toThrow(/bad port offset/);
  });

  it('has Prometheus scrape every service with a metrics path, at the topology port', () => {
    const config = JSON.parse(prometheusConfig(topology));
    const mock = config.scrape_configs.find((j: { job_name: string }) => j.job_name === 'mock-genesys');
    expect(mock).toEqual({
      job_name: 'mock-genesys',
      metrics_path: '/metrics',
      static_configs: [{ targets: ['127.0.0.1:18080'], labels: { service: 'mock-genesys' } }],
    });
    const moved = JSON.parse(prometheusConfig(withPortOffset(topology, 100)));
    expect(moved.scrape_configs[0].static_configs[0].targets).toEqual(['127.0.0.1:19190']);
  });

  it('gives each service its listen address and the URL of every proxy it calls through', () => {
    expect(serviceEnv('crm-sync')).toEqual({
      SERVICE_HOST: '127.0.0.1',
      SERVICE_PORT: '18102',
      GENESYS_URL: 'http://127.0.0.1:18202',
      CRM_URL: 'http://127.0.0.1:18212',
    });
    expect(serviceEnv('mock-crm')).toEqual({ SERVICE_HOST: '127.0.0.1', SERVICE_PORT: '18090' });
    // Every service calls Genesys through a proxy of its own.
    const genesysPaths = topology.proxies.filter((p) => p.upstream === 'mock-genesys' && p.client).map((p) => p.client);
    const services = Object.entries(topology.services)
      .filter(([, s]) => s.kind === 'service')
      .map(([n]) => n);
    expect(genesysPaths.sort()).toEqual(services.sort());
  });
});
