import { topology } from '@lab/topology';
import { describe, expect, it } from 'vitest';
import { planLab } from './lab-plan.js';
import { labPorts } from './lab-ports.js';

describe('labPorts', () => {
  it('lists every fixed port of the whole lab once, each with what listens there', () => {
    const ports = labPorts(topology, planLab(topology));
    const expected = [
      topology.toxiproxy.apiPort,
      ...topology.proxies.map((p) => p.listenPort),
      topology.infra.redis.port,
      topology.infra.prometheus.port,
      topology.infra.jaeger.otlpHttpPort,
      topology.infra.jaeger.otlpGrpcPort,
      topology.infra.jaeger.queryPort,
      ...Object.values(topology.services).map((s) => s.port),
    ];
    expect(ports.map((p) => p.port).sort()).toEqual(expected.sort());
    expect(new Set(ports.map((p) => p.port)).size).toBe(ports.length);
    const crm = topology.proxies.find((p) => p.name === 'crm-sync-to-crm')!;
    expect(ports).toContainEqual({ port: crm.listenPort, what: "Toxiproxy's proxy crm-sync-to-crm" });
    expect(ports).toContainEqual({ port: topology.infra.redis.port, what: 'Redis' });
  });

  it('lists only what a partial lab runs', () => {
    const ports = labPorts(topology, planLab(topology, { services: ['mock-crm'] }));
    expect(ports).toEqual([{ port: topology.services['mock-crm']!.port, what: 'mock-crm' }]);
  });

  it("names a replicated service's usual port as HAProxy's", () => {
    const ports = labPorts(topology, planLab(topology), new Set(['crm-sync']));
    expect(ports).toContainEqual({
      port: topology.services['crm-sync']!.port,
      what: "HAProxy in front of crm-sync's replicas",
    });
  });
});
