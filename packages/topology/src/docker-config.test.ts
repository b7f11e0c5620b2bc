import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  appEnv,
  CHART_TOPOLOGY_FILE,
  composeAddressing,
  DOCKER_ENV_DIR,
  dockerConfig,
  genesysClients,
  topology,
  topologySchema,
  withPortOffset,
  writeDockerConfig,
} from './index.js';

const file = (files: Record<string, string>, path: string): string => {
  const content = files[path];
  if (content === undefined) throw new Error(`dockerConfig() has no ${path}`);
  return content;
};

describe('appEnv', () => {
  it('gives a service in compose its listen address, proxies by service name, its OAuth client, Redis and Jaeger', () => {
    expect(appEnv('crm-sync', topology, composeAddressing)).toEqual({
      SERVICE_HOST: '0.0.0.0',
      SERVICE_PORT: '18102',
      GENESYS_URL: 'http://toxiproxy:18202',
      CRM_URL: 'http://toxiproxy:18212',
      GENESYS_CLIENT_ID: 'crm-sync',
      GENESYS_CLIENT_SECRET: 'crm-sync-lab-secret',
      REDIS_URL: 'redis://redis:16379',
      OTEL_SERVICE_NAME: 'crm-sync',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:14318',
    });
  });

  it('gives each service an OAuth client of its own, and the mock knows them all', () => {
    const clients = genesysClients(topology);
    expect(clients.map((c) => c.service).sort()).toEqual(
      Object.entries(topology.services)
        .filter(([, s]) => s.kind === 'service')
        .map(([name]) => name)
        .sort(),
    );
    expect(new Set(clients.map((c) => c.clientId)).size).toBe(clients.length);
  });

  it('gives a mock only its listen address', () => {
    expect(appEnv('mock-notifier', topology, composeAddressing)).toEqual({
      SERVICE_HOST: '0.0.0.0',
      SERVICE_PORT: '18095',
    });
  });

  it('addresses everything at the topology host by default, as the native lab does', () => {
    expect(appEnv('scheduler')).toMatchObject({
      SERVICE_HOST: '127.0.0.1',
      GENESYS_URL: 'http://127.0.0.1:18204',
      REDIS_URL: 'redis://127.0.0.1:16379',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:14318',
    });
  });
});

describe('dockerConfig', () => {
  const files = dockerConfig(topology);

  it('writes the four config files, one env file per service and the Helm chart topology', () => {
    const envFiles = Object.keys(topology.services).map((name) => `${DOCKER_ENV_DIR}/${name}.env`);
    const configs = ['docker/toxiproxy.json', 'docker/prometheus.yml', 'docker/haproxy.cfg', 'docker/jaeger.yaml'];
    expect(Object.keys(files).sort()).toEqual([...configs, CHART_TOPOLOGY_FILE, ...envFiles].sort());
  });

  it('has Toxiproxy listen on all interfaces and reach each upstream by service name', () => {
    const proxies = JSON.parse(file(files, 'docker/toxiproxy.json'));
    expect(proxies).toHaveLength(topology.proxies.length);
    expect(proxies).toContainEqual({
      name: 'crm-sync-to-crm',
      listen: '0.0.0.0:18212',
      upstream: 'mock-crm:18090',
      enabled: true,
    });
  });

  it('has Prometheus scrape each mock by service name, every replica of a service by DNS, and itself', () => {
    const config = z
      .object({
        scrape_configs: z.array(
          z.looseObject({
            job_name: z.string(),
            static_configs: z.array(z.looseObject({ targets: z.array(z.string()) })).optional(),
            dns_sd_configs: z.array(z.looseObject({ names: z.array(z.string()), port: z.number() })).optional(),
          }),
        ),
      })
      .parse(parse(file(files, 'docker/prometheus.yml')));
    const targets = Object.fromEntries(
      config.scrape_configs.map((j) => [
        j.job_name,
        j.static_configs?.[0]?.targets ?? j.dns_sd_configs?.map((d) => `dns:${d.names.join(',')}:${d.port}`),
      ]),
    );
    expect(targets).toMatchObject({
      prometheus: ['prometheus:19090'],
      'mock-crm': ['mock-crm:18090'],
      'webhook-processor': ['dns:webhook-processor:18103'],
    });
    expect(Object.keys(targets)).toHaveLength(Object.keys(topology.services).length + 1);
  });

  it('has Jaeger listen on all interfaces at the topology ports', () => {
    const yaml = file(files, 'docker/jaeger.yaml');
    expect(parse(yaml)).toMatchObject({
      receivers: { otlp: { protocols: { http: { endpoint: '0.0.0.0:14318' }, grpc: { endpoint: '0.0.0.0:14317' } } } },
      extensions: { jaeger_query: { http: { endpoint: '0.0.0.0:16686' } } },
    });
    expect(yaml).not.toContain('127.0.0.1');
  });

  it('marks every file but the JSON one as generated', () => {
    for (const [path, content] of Object.entries(files)) {
      if (!path.endsWith('.json')) expect(content, path).toMatch(/^# Generated from packages\/topology/);
    }
  });

  it('follows the topology: moved ports move in every file', () => {
    const moved = dockerConfig(withPortOffset(topology, 1000));
    expect(file(moved, 'docker/toxiproxy.json')).toContain('"mock-crm:19090"');
    expect(file(moved, 'docker/prometheus.yml')).toContain('"mock-crm:19090"');
    expect(file(moved, 'docker/prometheus.yml')).toContain('"port": 19102');
    expect(file(moved, 'docker/haproxy.cfg')).toContain('server-template crm-sync- 10 crm-sync:19102 ');
    expect(file(moved, 'docker/jaeger.yaml')).toContain('"0.0.0.0:15318"');
    expect(file(moved, `${DOCKER_ENV_DIR}/crm-sync.env`)).toMatch(/^CRM_URL=http:\/\/toxiproxy:19212$/m);
  });

  it('refuses a value an env file would need quoted', () => {
    const odd = structuredClone(topology);
    const crm = odd.services['mock-crm'];
    if (!crm) throw new Error('no mock-crm');
    odd.services['mock crm'] = { ...crm, port: 18_999, kind: 'service' };
    expect(() => dockerConfig(topologySchema.parse(odd))).toThrow(/OTEL_SERVICE_NAME=mock crm would need quoting/);
  });
});

describe('writeDockerConfig', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes what changed, then nothing, and removes env files of services that are gone', () => {
    root = mkdtempSync(join(tmpdir(), 'docker-config-'));
    const first = writeDockerConfig(root, topology);
    expect(first.written.sort()).toEqual(Object.keys(dockerConfig(topology)).sort());
    expect(readFileSync(join(root, 'docker/toxiproxy.json'), 'utf8')).toBe(
      dockerConfig(topology)['docker/toxiproxy.json'],
    );

    writeFileSync(join(root, DOCKER_ENV_DIR, 'retired.env'), 'X=1\n');
    writeFileSync(join(root, DOCKER_ENV_DIR, 'notes.txt'), 'kept\n');
    expect(writeDockerConfig(root, topology)).toEqual({ written: [], removed: [`${DOCKER_ENV_DIR}/retired.env`] });
    expect(readdirSync(join(root, DOCKER_ENV_DIR))).toContain('notes.txt');
  });
});
