import { topology } from '@lab/topology';
import { describe, expect, it } from 'vitest';
import { withFreePorts } from './free-topology.js';
import { planLab } from './lab-plan.js';

const names = (plan: ReturnType<typeof planLab>) => plan.proxies.map((p) => p.name).sort();

describe('planLab', () => {
  it('runs the whole topology, Jaeger and Prometheus included, when nothing is named', () => {
    const plan = planLab(topology);
    expect(plan.services.sort()).toEqual(Object.keys(topology.services).sort());
    expect(plan).toMatchObject({ redis: true, toxiproxy: true, jaeger: true, prometheus: true, onDemand: [] });
    expect(plan.proxies).toHaveLength(topology.proxies.length);
  });

  it('brings what a named service calls through, and only the proxies between what runs', () => {
    const plan = planLab(topology, { services: ['crm-sync'] });
    expect(plan.services).toEqual(['mock-genesys', 'mock-crm', 'crm-sync']);
    expect(names(plan)).toEqual(['crm-sync-to-crm', 'crm-sync-to-genesys', 'lab-to-genesys']);
    expect(plan).toMatchObject({ redis: true, toxiproxy: true, jaeger: false, prometheus: false });
  });

  it('starts the dependencies of an on-demand service now, and not the service itself', () => {
    const plan = planLab(topology, { onDemand: ['webhook-processor'] });
    expect(plan.services).toEqual(['mock-genesys', 'mock-notifier']);
    expect(plan.onDemand).toEqual(['webhook-processor']);
    expect(names(plan)).toContain('webhook-processor-to-notifier');
  });

  it('runs a mock alone without Redis or Toxiproxy unless asked, and only Redis when that is all it needs', () => {
    expect(planLab(topology, { services: ['mock-genesys'] })).toMatchObject({ redis: false, toxiproxy: false });
    expect(planLab(topology, { services: ['mock-genesys'], toxiproxy: true }).proxies.map((p) => p.name)).toEqual([
      'lab-to-genesys',
    ]);
    expect(planLab(topology, { services: [], redis: true })).toMatchObject({ services: [], redis: true });
  });

  it('refuses a service the topology does not have', () => {
    expect(() => planLab(topology, { services: ['nope'] })).toThrow('unknown service nope');
  });
});

describe('withFreePorts', () => {
  it('gives every port of the topology a distinct free one, keeping everything else', async () => {
    const moved = await withFreePorts(topology);
    const ports = [
      moved.toxiproxy.apiPort,
      moved.infra.redis.port,
      moved.infra.prometheus.port,
      ...Object.values(moved.infra.jaeger),
      ...Object.values(moved.services).map((s) => s.port),
      ...moved.proxies.map((p) => p.listenPort),
    ];
    expect(new Set(ports).size).toBe(ports.length);
    expect(ports.some((port) => port === topology.toxiproxy.apiPort || port === topology.infra.redis.port)).toBe(false);
    expect(moved.proxies.map((p) => [p.name, p.upstream])).toEqual(topology.proxies.map((p) => [p.name, p.upstream]));
    expect(Object.keys(moved.services)).toEqual(Object.keys(topology.services));
  });
});
