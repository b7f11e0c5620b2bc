import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { topology } from './index.js';

// The container lab (docker-compose.yml, docker/toxiproxy.json, the mock's Dockerfile) restates ports, proxies and
// versions that topology.json and tools.env own. These tests fail as soon as one of them drifts.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(repoRoot + path, 'utf8');

const composeSchema = z.object({
  services: z.record(
    z.string(),
    z.looseObject({
      image: z.string().optional(),
      command: z.array(z.string()).optional(),
      // Short syntax only ("127.0.0.1:host:container"), so that the loopback binding is visible and checked.
      ports: z.array(z.string()).optional(),
      volumes: z.array(z.string()).optional(),
      environment: z.record(z.string(), z.union([z.string(), z.null()])).optional(),
      healthcheck: z.looseObject({ test: z.array(z.string()) }).optional(),
    }),
  ),
});
const toxiproxyFileSchema = z.array(
  z.object({ name: z.string(), listen: z.string(), upstream: z.string(), enabled: z.boolean().optional() }),
);

const compose = composeSchema.parse(parse(read('docker-compose.yml')));
const toxiproxyFile = toxiproxyFileSchema.parse(JSON.parse(read('docker/toxiproxy.json')));
const dockerfile = read('apps/mock-genesys/Dockerfile');
/** KEY=VALUE lines of tools.env (the file setup.sh sources), surrounding double quotes removed. */
const toolVersions: Record<string, string> = {};
for (const line of read('packages/toolchain/tools.env').split('\n')) {
  const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
  if (match?.[1] && match[2] !== undefined) toolVersions[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
}

function service(name: string) {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
}

/** Published ports of a compose service as {published, target}; anything not bound to 127.0.0.1 throws. */
function publishedPorts(name: string): { published: number; target: number }[] {
  return (service(name).ports ?? []).map((spec) => {
    const match = /^127\.0\.0\.1:(\d+):(\d+)(?:\/tcp)?$/.exec(spec);
    if (!match) throw new Error(`service ${name} publishes "${spec}", not 127.0.0.1:<port>:<port>`);
    return { published: Number(match[1]), target: Number(match[2]) };
  });
}

const servicePort = (name: string): number => {
  const s = topology.services[name];
  if (!s) throw new Error(`topology.json has no service ${name}`);
  return s.port;
};

describe('docker/toxiproxy.json', () => {
  it('has exactly the proxies of topology.json, listening on all interfaces, upstream by service name', () => {
    expect(toxiproxyFile.map((p) => p.name).sort()).toEqual(topology.proxies.map((p) => p.name).sort());
    for (const proxy of topology.proxies) {
      const entry = toxiproxyFile.find((p) => p.name === proxy.name);
      expect(entry, proxy.name).toMatchObject({
        listen: `0.0.0.0:${proxy.listenPort}`,
        upstream: `${proxy.upstream}:${servicePort(proxy.upstream)}`,
      });
      expect(entry?.enabled ?? true, `${proxy.name} enabled`).toBe(true);
      expect(compose.services[proxy.upstream], `compose service ${proxy.upstream}`).toBeDefined();
    }
  });
});

describe('docker-compose.yml', () => {
  it('publishes the Toxiproxy API and every proxy port on 127.0.0.1, at the same port inside', () => {
    const expected = [topology.toxiproxy.apiPort, ...topology.proxies.map((p) => p.listenPort)].sort((a, b) => a - b);
    const ports = publishedPorts('toxiproxy');
    expect(ports.map((p) => p.published).sort((a, b) => a - b)).toEqual(expected);
    for (const p of ports) expect(p.target).toBe(p.published);
  });

  it('runs Toxiproxy on the topology API port with docker/toxiproxy.json as its config', () => {
    const toxiproxy = service('toxiproxy');
    expect(toxiproxy.command).toEqual(
      expect.arrayContaining([
        '-host=0.0.0.0',
        `-port=${topology.toxiproxy.apiPort}`,
        '-config=/config/toxiproxy.json',
      ]),
    );
    expect(toxiproxy.volumes).toContain('./docker/toxiproxy.json:/config/toxiproxy.json:ro');
    expect(toxiproxy.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${topology.toxiproxy.apiPort}`);
  });

  it('publishes mock-genesys on its topology port on 127.0.0.1 and has it listen there', () => {
    const port = servicePort('mock-genesys');
    expect(publishedPorts('mock-genesys')).toEqual([{ published: port, target: port }]);
    expect(service('mock-genesys').environment).toMatchObject({ MOCK_HOST: '0.0.0.0', MOCK_PORT: String(port) });
  });

  it('binds every published port of every service to 127.0.0.1', () => {
    for (const name of Object.keys(compose.services)) expect(() => publishedPorts(name)).not.toThrow();
  });

  it('pins the Toxiproxy image to TOXIPROXY_VERSION in tools.env', () => {
    const version = toolVersions.TOXIPROXY_VERSION;
    expect(version).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(service('toxiproxy').image).toBe(`ghcr.io/shopify/toxiproxy:${version?.replace(/^v/, '')}`);
  });
});

describe('apps/mock-genesys/Dockerfile', () => {
  it('copies the package.json of every workspace pattern into both stages, as the lockfile lists them all', () => {
    const { workspaces } = z.object({ workspaces: z.array(z.string()) }).parse(JSON.parse(read('package.json')));
    const manifests = workspaces.map((pattern) => `${pattern}/package.json`).join(' ');
    const copies = dockerfile.split('\n').filter((line) => line.trim() === `COPY --parents ${manifests} ./`);
    expect(copies).toHaveLength(2);
    expect(dockerfile.split('\n')[0]).toBe('# syntax=docker/dockerfile:1.20');
  });

  it('uses the Node version of tools.env and exposes the topology port', () => {
    expect(dockerfile).toContain(`ARG NODE_IMAGE=node:${toolVersions.NODE_VERSION}-bookworm-slim`);
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${servicePort('mock-genesys')}$`, 'm'));
    expect(dockerfile).toMatch(new RegExp(`MOCK_PORT=${servicePort('mock-genesys')}\\b`));
  });
});
