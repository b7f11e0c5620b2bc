import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLab, startLab } from '../../src/lab.js';

// lab.startService gives the topology port to the first instance of a service and a free port to every further
// one, whatever the instances are called. (It used to count instances by name prefix: a second instance named
// "crm-b" got the topology port again, and its health check was answered by the first.)
let lab: RunningLab;

beforeAll(async () => {
  lab = await startLab({ onDemand: ['mock-crm'], env: { 'mock-crm': { CRM_LOG_LEVEL: 'warn' } } });
}, 60_000);
afterAll(async () => {
  await lab?.stop();
});

const portOf = (url: string) => Number(new URL(url).port);

describe('lab.startService', () => {
  it('gives the topology port to the first instance and a port of its own to each further one, by service', async () => {
    const topologyPort = lab.topology.services['mock-crm']?.port;
    const a = await lab.startService('mock-crm', { instance: 'crm-a' });
    const b = await lab.startService('mock-crm', { instance: 'crm-b' });
    const third = await lab.startService('mock-crm');
    expect(portOf(a.url)).toBe(topologyPort);
    expect(portOf(b.url)).not.toBe(topologyPort);
    expect(new Set([a.url, b.url, third.url]).size).toBe(3);
    expect(third.name).toBe('mock-crm-3');
    for (const app of [a, b, third]) {
      expect((await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(5_000) })).status).toBe(200);
    }
    expect(lab.app('crm-b')).toBe(b);
    await expect(lab.startService('mock-crm', { instance: 'crm-b' })).rejects.toThrow(/crm-b already runs/);
  });
});
