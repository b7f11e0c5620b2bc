import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolPaths } from '@lab/toolchain';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  composeHaproxyConfig,
  DOCKER_ENV_DIR,
  dockerConfig,
  haproxyConfig,
  LOAD_BALANCER,
  MAX_REPLICAS,
  REDIS_DURABILITY_ARGS,
  replicasVariable,
  replicatedServices,
  topology,
} from './index.js';

// The container lab (docker-compose.yml, docker/node-app.Dockerfile, the generated files in docker/) restates
// ports, proxies, apps and versions that topology.json and tools.env own. These tests fail as soon as one drifts.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(repoRoot + path, 'utf8');

const DOCKERFILE = 'docker/node-app.Dockerfile';
/** What the services (kind "service", not the mocks) run under, as natively: node --import <this> dist/main.js. */
const PRELOAD = '@lab/telemetry/instrumentation';
const REGENERATE =
  'stale: run `npx turbo run build --filter=@lab/topology && node packages/topology/dist/write-docker-config.js`';

const condition = z.enum(['service_started', 'service_healthy', 'service_completed_successfully']);
const composeSchema = z.object({
  services: z.record(
    z.string(),
    z.looseObject({
      image: z.string(),
      pull_policy: z.string().optional(),
      build: z
        .object({ context: z.string(), dockerfile: z.string(), args: z.record(z.string(), z.string()) })
        .optional(),
      command: z.array(z.string()).optional(),
      // Short syntax only ("127.0.0.1:host:container"), so that the loopback binding is visible and checked.
      ports: z.array(z.string()).optional(),
      volumes: z.array(z.union([z.string(), z.looseObject({ type: z.string(), target: z.string() })])).optional(),
      env_file: z.array(z.string()).optional(),
      environment: z.record(z.string(), z.string()).optional(),
      depends_on: z.record(z.string(), z.object({ condition })).optional(),
      healthcheck: z.looseObject({ test: z.array(z.string()) }).optional(),
      mem_limit: z.string().regex(/^\d+m$/, 'a limit in MiB, e.g. 256m'),
      profiles: z.array(z.string()).optional(),
      deploy: z.strictObject({ replicas: z.string() }).optional(),
    }),
  ),
});

const compose = composeSchema.parse(parse(read('docker-compose.yml')));
/** The named volumes docker-compose.yml declares at its top level. */
const composeVolumes: Record<string, unknown> =
  (parse(read('docker-compose.yml')) as { volumes?: Record<string, unknown> }).volumes ?? {};
const dockerfile = read(DOCKERFILE);
const dockerfileLines = dockerfile.split('\n');
/** KEY=VALUE lines of tools.env (the file setup.sh sources), surrounding double quotes removed. */
const toolVersions: Record<string, string> = {};
for (const line of read('packages/toolchain/tools.env').split('\n')) {
  const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
  if (match?.[1] && match[2] !== undefined) toolVersions[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
}

const { infra } = topology;
const topologyServices = Object.entries(topology.services);
const INFRA = ['redis', 'jaeger', 'prometheus', 'toxiproxy', 'grafana', LOAD_BALANCER];
/** The services compose runs as replicas behind the load balancer. */
const REPLICATED = replicatedServices(topology);
/** One-off tools under a profile: not part of `up lab`, run with `docker compose run --rm <name> ...`. */
const ON_DEMAND = ['k6'];

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

const sorted = (ports: number[]): number[] => [...ports].sort((a, b) => a - b);
/** The host ports a service publishes, each also checked to be the same port inside the container. */
function samePorts(name: string): number[] {
  const ports = publishedPorts(name);
  for (const p of ports) expect(p.target, `${name} publishes ${p.published} at another port inside`).toBe(p.published);
  return sorted(ports.map((p) => p.published));
}

/** The npm name of an app folder: its package.json's, or by the repository's convention if not written yet. */
function workspaceOf(app: string): string {
  const manifest = `${app}/package.json`;
  if (!existsSync(repoRoot + manifest)) return `@lab/${basename(app)}`;
  return z.object({ name: z.string() }).parse(JSON.parse(read(manifest))).name;
}

/** The image tag of a pulled image, refusing anything but an exact version (no latest, no floating major). */
function pinnedTag(name: string, repository: string): string {
  const image = service(name).image;
  expect(image.startsWith(`${repository}:`), `${name} image ${image}`).toBe(true);
  const tag = image.slice(repository.length + 1);
  expect(tag, `${name} image tag`).toMatch(/^v?\d+\.\d+\.\d+(-[a-z]+)?$/);
  return tag;
}

describe('generated files in docker/', () => {
  const files = dockerConfig(topology);

  it('are exactly what dockerConfig(topology) writes', () => {
    for (const [path, content] of Object.entries(files)) {
      expect(existsSync(repoRoot + path), `${path} is missing: ${REGENERATE}`).toBe(true);
      expect(read(path), `${path} is ${REGENERATE}`).toBe(content);
    }
  });

  it('hold an env file for each topology service and no other', () => {
    const committed = readdirSync(repoRoot + DOCKER_ENV_DIR).map((file) => `${DOCKER_ENV_DIR}/${file}`);
    const expected = Object.keys(files).filter((path) => path.startsWith(`${DOCKER_ENV_DIR}/`));
    expect(committed.sort(), REGENERATE).toEqual(expected.sort());
  });
});

describe('docker-compose.yml', () => {
  it('has the infrastructure, every topology service and lab, nothing else', () => {
    const expected = [...INFRA, ...ON_DEMAND, ...topologyServices.map(([name]) => name), 'lab'];
    expect(Object.keys(compose.services).sort()).toEqual(expected.sort());
  });

  it('publishes every topology port on 127.0.0.1, at the same port inside, each once', () => {
    const published = Object.keys(compose.services).flatMap((name) => samePorts(name));
    expect(new Set(published).size, 'a host port published twice').toBe(published.length);
    const expected = [
      topology.toxiproxy.apiPort,
      ...topology.proxies.map((p) => p.listenPort),
      ...topologyServices.map(([, s]) => s.port),
      infra.redis.port,
      infra.prometheus.port,
      infra.jaeger.otlpHttpPort,
      infra.jaeger.otlpGrpcPort,
      infra.jaeger.queryPort,
      infra.grafana.port,
    ];
    expect(sorted(published)).toEqual(sorted(expected));
  });

  it('runs Toxiproxy on the topology API port with every proxy published and docker/toxiproxy.json as config', () => {
    const toxiproxy = service('toxiproxy');
    expect(samePorts('toxiproxy')).toEqual(
      sorted([topology.toxiproxy.apiPort, ...topology.proxies.map((p) => p.listenPort)]),
    );
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

  it('pins the Toxiproxy image to TOXIPROXY_VERSION in tools.env', () => {
    const version = toolVersions.TOXIPROXY_VERSION;
    expect(version).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(pinnedTag('toxiproxy', 'ghcr.io/shopify/toxiproxy')).toBe(version?.replace(/^v/, ''));
  });

  it('runs Redis on the topology port, with the append-only file the native lab uses, on a pinned image', () => {
    pinnedTag('redis', 'redis');
    const redis = service('redis');
    const command = redis.command ?? [];
    const option = (name: string) => command[command.indexOf(name) + 1];
    expect(command[0]).toBe('redis-server');
    expect(option('--port')).toBe(String(infra.redis.port));
    for (let i = 0; i < REDIS_DURABILITY_ARGS.length; i += 2) {
      expect(option(REDIS_DURABILITY_ARGS[i]!), REDIS_DURABILITY_ARGS[i]).toBe(REDIS_DURABILITY_ARGS[i + 1]);
    }
    expect(option('--dir'), 'the AOF in the redis-data volume').toBe('/data');
    expect(redis.volumes).toContain('redis-data:/data');
    expect(samePorts('redis')).toEqual([infra.redis.port]);
    expect(redis.healthcheck?.test).toEqual(['CMD', 'redis-cli', '-p', String(infra.redis.port), 'ping']);
  });

  it('runs Jaeger (the v2 release of JAEGER_MODULE_VERSION) with docker/jaeger.yaml, query and OTLP published', () => {
    // Jaeger releases v1.N.x and v2.(N-63).x together (v1.63.0 was v2.0.0): the module tag names the v2 image.
    const module = /^v1\.(\d+)\.(\d+)$/.exec(toolVersions.JAEGER_MODULE_VERSION ?? '');
    expect(module, 'JAEGER_MODULE_VERSION in tools.env').not.toBeNull();
    expect(pinnedTag('jaeger', 'jaegertracing/jaeger')).toBe(`2.${Number(module?.[1]) - 63}.${module?.[2]}`);
    const jaeger = service('jaeger');
    expect(jaeger.command).toEqual(['--config=/etc/jaeger/config.yaml']);
    expect(jaeger.volumes).toContain('./docker/jaeger.yaml:/etc/jaeger/config.yaml:ro');
    expect(samePorts('jaeger')).toEqual(
      sorted([infra.jaeger.otlpHttpPort, infra.jaeger.otlpGrpcPort, infra.jaeger.queryPort]),
    );
  });

  it('runs Prometheus on the topology port with docker/prometheus.yml and exemplar storage, on a pinned image', () => {
    pinnedTag('prometheus', 'prom/prometheus');
    const prometheus = service('prometheus');
    expect(prometheus.command).toEqual(
      expect.arrayContaining([
        '--config.file=/etc/prometheus/prometheus.yml',
        `--web.listen-address=0.0.0.0:${infra.prometheus.port}`,
        '--enable-feature=exemplar-storage',
      ]),
    );
    expect(prometheus.volumes).toContain('./docker/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    expect(samePorts('prometheus')).toEqual([infra.prometheus.port]);
    expect(prometheus.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${infra.prometheus.port}/`);
  });

  it(`runs the load balancer (${LOAD_BALANCER}) on the official haproxy image with docker/haproxy.cfg, publishing each replicated service's port`, () => {
    pinnedTag(LOAD_BALANCER, 'haproxy');
    const lb = service(LOAD_BALANCER);
    expect(lb.volumes).toEqual(['./docker/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro']);
    const ports = REPLICATED.map((name) => topology.services[name]?.port ?? 0);
    expect(samePorts(LOAD_BALANCER)).toEqual(sorted(ports));
    expect(Object.keys(lb.depends_on ?? {}).sort()).toEqual([...REPLICATED].sort());
    // its healthcheck probes every frontend port
    const probe = lb.healthcheck?.test.join(' ') ?? '';
    for (const port of ports) expect(probe).toContain(String(port));
    // the generated configuration balances each of them over the DNS name of the service: every replica
    const config = read('docker/haproxy.cfg');
    for (const name of REPLICATED) {
      const s = topology.services[name];
      expect(config).toContain(`  bind 0.0.0.0:${s?.port}\n`);
      expect(config).toMatch(new RegExp(`server-template ${name}- ${MAX_REPLICAS} ${name}:${s?.port} .*resolvers `));
    }
    expect(config).toContain('nameserver dns1 127.0.0.11:53');
  });

  it('scrapes every replica of a replicated service through DNS service discovery of its name', () => {
    const config = JSON.parse(read('docker/prometheus.yml').replace(/^#.*$/gm, '')) as {
      scrape_configs: { job_name: string; dns_sd_configs?: unknown[]; static_configs?: unknown[] }[];
    };
    for (const name of REPLICATED) {
      const job = config.scrape_configs.find((j) => j.job_name === name);
      expect(job?.dns_sd_configs, name).toEqual([
        { names: [name], type: 'A', port: topology.services[name]?.port, refresh_interval: expect.any(String) },
      ]);
      expect(job?.static_configs, name).toBeUndefined();
    }
  });

  describe.each(topologyServices)('%s', (name, s) => {
    it(`is built from ${DOCKERFILE} with the build args of its topology entry`, () => {
      const app = service(name);
      expect(app.build).toEqual({
        context: '.',
        dockerfile: DOCKERFILE,
        args: {
          APP: s.app,
          WORKSPACE: workspaceOf(s.app),
          PORT_ENV: s.portEnv,
          HEALTH_PATH: s.healthPath,
          ...(s.kind === 'service' ? { PRELOAD } : {}),
        },
      });
      expect(app.image).toBe(`genesys-lab/${name}:local`);
      expect(app.pull_policy).toBe('build');
    });

    it('takes its environment from its generated env file, listens on its port, published on 127.0.0.1', () => {
      const app = service(name);
      const envFile = `${DOCKER_ENV_DIR}/${name}.env`;
      expect(app.env_file).toEqual([envFile]);
      // `environment` beats env_file: it must not restate (and so silently override) a generated variable.
      const generated = dockerConfig(topology)[envFile] ?? '';
      for (const key of Object.keys(app.environment ?? {})) expect(generated).not.toMatch(new RegExp(`^${key}=`, 'm'));
      expect(generated).toMatch(new RegExp(`^${s.portEnv}=${s.port}$`, 'm'));
      expect(generated).toMatch(new RegExp(`^${s.hostEnv}=0\\.0\\.0\\.0$`, 'm'));
      // A replicated service publishes nothing (its replicas would clash on the host port): lb publishes it.
      expect(samePorts(name)).toEqual(REPLICATED.includes(name) ? [] : [s.port]);
      if (REPLICATED.includes(name)) expect(samePorts(LOAD_BALANCER)).toContain(s.port);
    });

    if (REPLICATED.includes(name)) {
      it(`runs ${replicasVariable(name)} replicas (default 1) behind ${LOAD_BALANCER}`, () => {
        expect(service(name).deploy).toEqual({ replicas: `\${${replicasVariable(name)}:-1}` });
        expect(service(LOAD_BALANCER).depends_on?.[name]).toEqual({ condition: 'service_started' });
      });
    }

    it('starts after what it needs: Redis, Jaeger, Toxiproxy and the upstream of each proxy it calls through', () => {
      const expected: Record<string, { condition: string }> = {};
      if (s.kind === 'service') {
        expected.redis = { condition: 'service_healthy' };
        expected.jaeger = { condition: 'service_started' };
        expected.toxiproxy = { condition: 'service_healthy' };
      }
      for (const p of topology.proxies) {
        if (p.client === name) expected[p.upstream] = { condition: 'service_healthy' };
      }
      expect(service(name).depends_on ?? {}).toEqual(expected);
    });

    if (s.kind === 'mock') {
      it('has its admin API guarded by MOCK_ADMIN_TOKEN, default lab-admin-token', () => {
        // Each mock names its own token variable (MOCK_ADMIN_TOKEN, CRM_ADMIN_TOKEN, ...): the one its config reads.
        const variable = /\b([A-Z]+_ADMIN_TOKEN):/.exec(read(`${s.app}/src/config.ts`))?.[1] ?? 'none in config.ts';
        // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation, not a JS template
        expect(service(name).environment).toEqual({ [variable]: '${MOCK_ADMIN_TOKEN:-lab-admin-token}' });
        expect(read(`${s.app}/src/config.ts`)).toContain(variable);
      });
    }
  });

  it('starts lab last, on the mock-genesys image, with the check script and the topology mounted', () => {
    const lab = service('lab');
    const others = Object.keys(compose.services).filter((name) => name !== 'lab' && !ON_DEMAND.includes(name));
    expect(Object.keys(lab.depends_on ?? {}).sort()).toEqual(others.sort());
    for (const [name, dependency] of Object.entries(lab.depends_on ?? {})) {
      expect(dependency.condition, name).toBe(
        service(name).healthcheck || name in topology.services ? 'service_healthy' : 'service_started',
      );
    }
    expect(lab.image).toBe(service('mock-genesys').image);
    expect(lab.pull_policy).toBe('never');
    expect(lab.volumes).toEqual(
      expect.arrayContaining([
        './packages/topology/src/topology.json:/lab/topology.json:ro',
        './docker/lab-check.mjs:/lab/check.mjs:ro',
      ]),
    );
    expect(lab.command).toEqual(['node', '/lab/check.mjs']);
    expect(existsSync(`${repoRoot}docker/lab-check.mjs`)).toBe(true);
  });

  it('builds every image from the generic Dockerfile and pulls the others at a pinned version', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (s.build) {
        expect(s.build.dockerfile, name).toBe(DOCKERFILE);
        expect(s.image, name).toMatch(/^genesys-lab\/[a-z-]+:local$/);
      } else if (s.pull_policy !== 'never') {
        expect(s.image, name).toMatch(/:v?\d+\.\d+\.\d+(-[a-z]+)?$/);
      }
    }
  });
});

describe('docker-compose.yml: the whole stack', () => {
  const services = Object.entries(compose.services);

  it('gives every container a memory limit; the total is what docker/README.md says the lab asks for', () => {
    const mib = (name: string) => Number(service(name).mem_limit.replace(/m$/, ''));
    const up = services.filter(([, s]) => !s.profiles).map(([name]) => mib(name));
    const total = up.reduce((a, b) => a + b, 0);
    const withK6 = total + ON_DEMAND.map(mib).reduce((a, b) => a + b, 0);
    const thousands = (n: number) => n.toLocaleString('en-US');
    const readme = read('docker/README.md');
    expect(readme).toContain(`${thousands(total)} MiB`);
    expect(readme).toContain(`${thousands(withK6)} MiB with k6`);
    expect(read('docker-compose.yml')).toContain(`(${thousands(total)} MiB)`);
  });

  it('gives every long-running service a healthcheck: its own, or the HEALTHCHECK of the app image', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
    for (const [name, s] of services) {
      if (ON_DEMAND.includes(name)) continue;
      expect(Boolean(s.healthcheck) || s.build?.dockerfile === DOCKERFILE, `${name} has no healthcheck`).toBe(true);
    }
  });

  it('mounts and builds only what exists in the repository', () => {
    for (const [name, s] of services) {
      if (s.build) {
        expect(existsSync(repoRoot + s.build.context), `${name} build context`).toBe(true);
        expect(existsSync(repoRoot + s.build.dockerfile), `${name} dockerfile`).toBe(true);
        expect(existsSync(`${repoRoot}${s.build.args.APP}/package.json`), `${name} APP`).toBe(true);
      }
      for (const file of s.env_file ?? []) expect(existsSync(repoRoot + file), `${name} env_file ${file}`).toBe(true);
      for (const volume of s.volumes ?? []) {
        if (typeof volume !== 'string') continue;
        const source = volume.split(':')[0] ?? '';
        // A named volume (Redis's append-only file) must be declared at the top level; a path, be in the repo.
        if (!source.startsWith('.') && !source.startsWith('/')) {
          expect(Object.keys(composeVolumes), `${name} mounts volume ${source}, declared under volumes:`).toContain(
            source,
          );
          continue;
        }
        expect(source.startsWith('./'), `${name} mounts ${source}: only repository paths`).toBe(true);
        expect(existsSync(repoRoot + source.slice(2)), `${name} mounts ${source}, which does not exist`).toBe(true);
      }
    }
  });

  it('runs Grafana on the topology port with the dashboards provisioned, anonymous Viewer, admin password kept', () => {
    pinnedTag('grafana', 'grafana/grafana');
    const grafana = service('grafana');
    const env = grafana.environment ?? {};
    expect(env.GF_SERVER_HTTP_PORT).toBe(String(infra.grafana.port));
    expect(samePorts('grafana')).toEqual([infra.grafana.port]);
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('true');
    expect(env.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe('Viewer');
    expect(env.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD:-.+\}$/);
    expect(env.GF_USERS_ALLOW_SIGN_UP).toBe('false');
    expect(grafana.volumes).toEqual(
      expect.arrayContaining([
        './dashboards/provisioning:/etc/grafana/provisioning:ro',
        './dashboards/json:/var/lib/grafana/dashboards:ro',
      ]),
    );
    expect(
      existsSync(`${repoRoot}dashboards/json/${basename(env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '')}`),
    ).toBe(true);
    expect(grafana.healthcheck?.test.join(' ')).toContain(`http://127.0.0.1:${infra.grafana.port}/api/health`);
    expect(grafana.depends_on).toEqual({
      prometheus: { condition: 'service_healthy' },
      jaeger: { condition: 'service_healthy' },
    });
  });

  it('runs k6 on demand (profile k6) at K6_VERSION, writing to Prometheus, every URL by service name', () => {
    const k6 = service('k6');
    expect(k6.profiles).toEqual(['k6']);
    expect(`v${pinnedTag('k6', 'grafana/k6')}`).toBe(toolVersions.K6_VERSION);
    expect(k6.volumes).toEqual(
      expect.arrayContaining([
        './load:/load:ro',
        './packages/topology/src/topology.json:/packages/topology/src/topology.json:ro',
      ]),
    );
    const env = k6.environment ?? {};
    expect(env.K6_OUT).toBe('experimental-prometheus-rw');
    expect(env.K6_PROMETHEUS_RW_SERVER_URL).toBe(`http://prometheus:${infra.prometheus.port}/api/v1/write`);
    expect(service('prometheus').command).toContain('--web.enable-remote-write-receiver');
    // load/lib/config.ts reads <NAME>_URL for each topology service, then TOXIPROXY_URL, PROMETHEUS_URL, JAEGER_URL.
    // The services through the load balancer, so that a scenario reaches every replica.
    for (const [name, s] of topologyServices) {
      const host = REPLICATED.includes(name) ? LOAD_BALANCER : name;
      expect(env[`${name.toUpperCase().replace(/-/g, '_')}_URL`], name).toBe(`http://${host}:${s.port}`);
    }
    expect(env.TOXIPROXY_URL).toBe(`http://toxiproxy:${topology.toxiproxy.apiPort}`);
    expect(env.PROMETHEUS_URL).toBe(`http://prometheus:${infra.prometheus.port}`);
    expect(env.JAEGER_URL).toBe(`http://jaeger:${infra.jaeger.queryPort}`);
    expect(k6.depends_on).toEqual({ lab: { condition: 'service_healthy' } });
  });
});

describe('docker compose config: the real Compose (built from its module by setup.sh; no engine needed)', () => {
  const dockerCompose = toolPaths().dockerCompose;
  /** `docker-compose config -q` on a file, with the k6 profile on so that every service is validated. */
  const config = (file: string) =>
    spawnSync(dockerCompose, ['--project-directory', repoRoot, '-f', file, '--profile', 'k6', 'config', '-q'], {
      encoding: 'utf8',
      timeout: 30_000,
    });

  it('accepts docker-compose.yml (Compose parser, schema and interpolation)', () => {
    expect(existsSync(dockerCompose), `${dockerCompose} is missing: run packages/toolchain/bin/setup.sh`).toBe(true);
    const result = config(`${repoRoot}docker-compose.yml`);
    expect(result.status, result.stderr).toBe(0);
  });

  it('rejects a file that breaks the schema, naming the field', () => {
    const broken = read('docker-compose.yml').replace(
      '    mem_limit: 64m\n',
      '    mem_limit: 64m\n    healthcheck_: {}\n',
    );
    expect(broken).not.toBe(read('docker-compose.yml'));
    const file = join(mkdtempSync(join(tmpdir(), 'compose-')), 'docker-compose.yml');
    writeFileSync(file, broken);
    const result = config(file);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('healthcheck_');
  });
});

describe('docker compose config with replicas: the real Compose', () => {
  const dockerCompose = toolPaths().dockerCompose;
  const resolved = (env: Record<string, string>) =>
    spawnSync(
      dockerCompose,
      ['--project-directory', repoRoot, '-f', `${repoRoot}docker-compose.yml`, 'config', '--format', 'json'],
      {
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, ...env },
      },
    );

  it('runs one replica of each service by default, and <NAME>_REPLICAS of one when set', () => {
    const byDefault = resolved({});
    expect(byDefault.status, byDefault.stderr).toBe(0);
    const replicas = (out: string) =>
      Object.fromEntries(
        Object.entries(
          (JSON.parse(out) as { services: Record<string, { deploy?: { replicas?: number } }> }).services,
        ).flatMap(([name, s]) => (s.deploy?.replicas === undefined ? [] : [[name, s.deploy.replicas]])),
      );
    expect(replicas(byDefault.stdout)).toEqual(Object.fromEntries(REPLICATED.map((name) => [name, 1])));
    const three = resolved({ [replicasVariable('crm-sync')]: '3', [replicasVariable('webhook-processor')]: '2' });
    expect(three.status, three.stderr).toBe(0);
    expect(replicas(three.stdout)).toMatchObject({ 'crm-sync': 3, 'webhook-processor': 2, scheduler: 1 });
  });

  it('refuses a replica count that is not a number, naming the field', () => {
    const bad = resolved({ [replicasVariable('crm-sync')]: 'three' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/replicas/);
  });
});

describe('docker/haproxy.cfg and the native fleet configuration: the real haproxy -c', () => {
  const haproxy = toolPaths().haproxy;
  const check = (config: string) => {
    const file = join(mkdtempSync(join(tmpdir(), 'haproxy-')), 'haproxy.cfg');
    writeFileSync(file, config);
    return spawnSync(haproxy, ['-c', '-f', file], { encoding: 'utf8', timeout: 30_000 });
  };

  it('accepts the compose configuration: replicas found through DNS, unresolved at start (init-addr none)', () => {
    const result = check(composeHaproxyConfig(topology));
    expect(result.error, `${haproxy}: Debian's haproxy, on PATH (/usr/sbin)`).toBeUndefined();
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('accepts the native form: every replica listed on the topology host', () => {
    const s = topology.services['crm-sync'];
    const config = haproxyConfig([
      {
        name: 'crm-sync',
        bind: { host: topology.host, port: s?.port ?? 0 },
        healthPath: s?.healthPath ?? '/healthz',
        servers: {
          kind: 'listed',
          servers: [
            { name: 'crm-sync', host: topology.host, port: 40001 },
            { name: 'crm-sync-2', host: topology.host, port: 40002 },
          ],
        },
      },
    ]);
    const result = check(config);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it('refuses a broken configuration, naming the line', () => {
    const result = check(composeHaproxyConfig(topology).replace('balance roundrobin', 'balance nonsense'));
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/haproxy\.cfg:\d+\] : balance only supports/);
  });
});

describe(DOCKERFILE, () => {
  it('copies the package.json of every workspace pattern into both stages, as the lockfile lists them all', () => {
    const { workspaces } = z.object({ workspaces: z.array(z.string()) }).parse(JSON.parse(read('package.json')));
    const manifests = workspaces.map((pattern) => `${pattern}/package.json`).join(' ');
    const copies = dockerfileLines.filter((line) => line.trim() === `COPY --parents ${manifests} ./`);
    expect(copies).toHaveLength(2);
    expect(dockerfileLines[0]).toBe('# syntax=docker/dockerfile:1.20');
  });

  it('uses the Node version of tools.env', () => {
    expect(toolVersions.NODE_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dockerfileLines).toContain(`ARG NODE_IMAGE=node:${toolVersions.NODE_VERSION}-bookworm-slim`);
  });

  it('declares every build arg that docker-compose.yml passes', () => {
    const args = new Set(Object.values(compose.services).flatMap((s) => Object.keys(s.build?.args ?? {})));
    for (const arg of args) expect(dockerfile, arg).toMatch(new RegExp(`^ARG ${arg}(=|$)`, 'm'));
  });

  it('installs with npm install (never npm ci), builds the app with turbo and runs it as node', () => {
    const instructions = dockerfileLines.filter((line) => !line.trimStart().startsWith('#')).join('\n');
    expect(instructions).not.toMatch(/npm ci\b/);
    expect(dockerfile).toMatch(/^RUN .*npm install --no-save$/m);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and compose syntax, not a JS template
    expect(dockerfile).toContain('npx turbo run build --filter="${WORKSPACE}..."');
    expect(dockerfile).toMatch(/^RUN .*npm install --no-save --omit=dev --workspace "\$\{WORKSPACE\}"$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('process.env[process.env.LAB_PORT_ENV]+process.env.LAB_HEALTH_PATH');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell and compose syntax, not a JS template
    expect(dockerfile).toContain('exec node ${LAB_PRELOAD:+--import=$LAB_PRELOAD} dist/main.js');
  });

  it("names each replica after its container's hostname: REPLICA_ID and the OTel service.instance.id", () => {
    const cmd = dockerfileLines.find((line) => line.startsWith('CMD '));
    const script = (JSON.parse(cmd?.slice(4) ?? '[]') as string[])[2] ?? '';
    const env = (extra: Record<string, string>) =>
      spawnSync('/bin/sh', ['-c', script.replace(/exec node .*$/, 'echo "$REPLICA_ID|$OTEL_RESOURCE_ATTRIBUTES"')], {
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin', HOSTNAME: '3f2a9c1d7e4b', ...extra },
      }).stdout.trim();
    expect(env({})).toBe('3f2a9c1d7e4b|service.instance.id=3f2a9c1d7e4b');
    expect(env({ REPLICA_ID: 'r-1', OTEL_RESOURCE_ATTRIBUTES: 'a=b' })).toBe('r-1|service.instance.id=r-1,a=b');
  });

  it('is the only Dockerfile of the apps', () => {
    for (const [, s] of topologyServices) expect(existsSync(`${repoRoot}${s.app}/Dockerfile`), s.app).toBe(false);
  });
});
