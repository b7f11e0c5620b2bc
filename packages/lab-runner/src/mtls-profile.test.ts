import { appEnv, prometheusConfig, topology } from '@lab/topology';
import { describe, expect, it } from 'vitest';
import { fleetPrometheusConfig } from './fleet.js';
import { allowedClients, inMesh, mtlsEnv } from './mtls-profile.js';
import { type LabPki, labIdentities } from './pki.js';

const pki: LabPki = {
  dir: '/pki',
  caFile: '/pki/ca.crt',
  identity: (name) => ({ caFile: '/pki/ca.crt', certFile: `/pki/${name}.crt`, keyFile: `/pki/${name}.key` }),
  pemFile: (name) => `/pki/${name}.pem`,
  issued: false,
};

describe('the mTLS profile, derived from the topology', () => {
  it('leaves mock-genesys (the Genesys platform) outside the mesh, and issues for everyone else', () => {
    expect(inMesh('mock-genesys', topology)).toBe(false);
    expect(inMesh('mock-crm', topology)).toBe(true);
    const names = labIdentities(topology);
    expect(names).not.toContain('mock-genesys');
    expect(names).toEqual(
      expect.arrayContaining(['crm-sync', 'mock-crm', 'redis', 'prometheus', 'ingress', 'lab-runner']),
    );
    expect(mtlsEnv('mock-genesys', topology, pki, appEnv('mock-genesys'))).toEqual({});
  });

  it('lets only the callers the proxies name, Prometheus, the runner and the ingress in', () => {
    expect(allowedClients('mock-crm', topology).sort()).toEqual(['crm-sync', 'lab-runner', 'prometheus']);
    expect(allowedClients('mock-notifier', topology).sort()).toEqual(['lab-runner', 'prometheus', 'webhook-processor']);
    expect(allowedClients('crm-sync', topology).sort()).toEqual(['ingress', 'lab-runner', 'prometheus']);
    expect(allowedClients('scheduler', topology).sort()).toEqual(['lab-runner', 'prometheus']);
  });

  it("gives crm-sync its certificate, https to the CRM's proxy, Genesys still http, rediss and its credential", () => {
    const env = mtlsEnv('crm-sync', topology, pki, appEnv('crm-sync'));
    const crmProxy = topology.proxies.find((p) => p.name === 'crm-sync-to-crm');
    expect(env).toMatchObject({
      TLS_CA_FILE: '/pki/ca.crt',
      TLS_CERT_FILE: '/pki/crm-sync.crt',
      TLS_KEY_FILE: '/pki/crm-sync.key',
      CRM_URL: `https://127.0.0.1:${crmProxy?.listenPort}`,
      REDIS_URL: `rediss://127.0.0.1:${topology.infra.redis.port}`,
      DATA_ACTION_BEARER_TOKEN: 'lab-data-action-token',
    });
    expect(env.TLS_ALLOWED_CLIENTS?.split(',').sort()).toEqual(['ingress', 'lab-runner', 'prometheus']);
    expect(env.GENESYS_URL).toBeUndefined();
  });

  it('scrapes every service inside the mesh over https with the client certificate, mock-genesys plain', () => {
    const config = JSON.parse(
      prometheusConfig(topology, undefined, [], { caFile: 'ca', certFile: 'cert', keyFile: 'key' }),
    ) as { scrape_configs: { job_name: string; scheme?: string; tls_config?: object }[] };
    const jobs = new Map(config.scrape_configs.map((j) => [j.job_name, j]));
    expect(jobs.get('crm-sync')).toMatchObject({
      scheme: 'https',
      tls_config: { ca_file: 'ca', cert_file: 'cert', key_file: 'key' },
    });
    expect(jobs.get('mock-crm')?.scheme).toBe('https');
    expect(jobs.get('mock-genesys')?.scheme).toBeUndefined();
    expect(JSON.parse(prometheusConfig(topology)).scrape_configs.some((j: { scheme?: string }) => j.scheme)).toBe(
      false,
    );
  });

  it("keeps the https scrape in the fleet's Prometheus configuration (what `lab start` runs)", () => {
    const tls = { caFile: 'ca', certFile: 'cert', keyFile: 'key' };
    const config = JSON.parse(fleetPrometheusConfig(topology, [], tls)) as {
      scrape_configs: { job_name: string; scheme?: string }[];
    };
    expect(config.scrape_configs.find((j) => j.job_name === 'webhook-processor')?.scheme).toBe('https');
  });
});
