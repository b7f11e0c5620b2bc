/**
 * The Helm chart in deploy/helm/genesys-lab, rendered by the real helm (built from its Go module by setup.sh):
 * `helm lint`, `helm template` with the values schema, every rendered object validated against its Kubernetes or
 * Istio schema (kubernetes-models, @kubernetes-models/istio: validators generated from the Kubernetes OpenAPI and
 * Istio's CRDs) and by `istioctl validate` (built from istio.io/istio by setup.sh: Istio's protos, strict on
 * unknown fields, and Envoy's protos inside the EnvoyFilters), and the design points of the mesh note asserted on
 * the rendered objects. No cluster is involved.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import { Gateway } from '@kubernetes-models/istio/networking.istio.io/v1/Gateway';
import { ServiceEntry } from '@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import { EnvoyFilter } from '@kubernetes-models/istio/networking.istio.io/v1alpha3/EnvoyFilter';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication';
import { Telemetry } from '@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry';
import { toolPaths } from '@lab/toolchain';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { appEnv, kubernetesAddressing, POD_STATE_DIR, stateEnv, topology } from '../../src/index.js';

const chart = fileURLToPath(new URL('../../../../deploy/helm/genesys-lab', import.meta.url));
const { helm, istioctl } = toolPaths();
const run = promisify(execFile);
const NAMESPACE = 'genesys-lab';

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests are checked field by field below
type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any; data?: any };

/** One validator per kind the chart renders; a kind missing here fails the test, so every object is validated. */
const validators: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'apps/v1/Deployment': Deployment,
  'security.istio.io/v1/PeerAuthentication': PeerAuthentication,
  'networking.istio.io/v1/DestinationRule': DestinationRule,
  'networking.istio.io/v1/VirtualService': VirtualService,
  'networking.istio.io/v1/ServiceEntry': ServiceEntry,
  'networking.istio.io/v1/Gateway': Gateway,
  'networking.istio.io/v1alpha3/EnvoyFilter': EnvoyFilter,
  'telemetry.istio.io/v1/Telemetry': Telemetry,
};

/** helm template's output, as text: what `istioctl validate -f` reads. */
async function render(...set: string[]): Promise<string> {
  const args = ['template', 'lab', chart, '--namespace', NAMESPACE, ...set.flatMap((s) => ['--set', s])];
  return (await run(helm, args, { maxBuffer: 16 * 1024 * 1024 })).stdout;
}

/** `istioctl validate -f`: Istio's own schemas and Envoy's protos (inside EnvoyFilters), offline. */
async function istioValidate(dir: string, name: string, manifests: string): Promise<{ code: number; output: string }> {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, manifests);
  try {
    const { stdout, stderr } = await run(istioctl, ['validate', '-f', file]);
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, output: `${e.stdout}${e.stderr}` };
  }
}

/** istioctl's warning on every EnvoyFilter, whatever it holds; any other line of its output is a finding. */
const ENVOYFILTER_NOTICE = /EnvoyFilter exposes internal implementation details/;
const findings = (output: string): string[] =>
  output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !/(has warnings:| is valid)$/.test(line) && !ENVOYFILTER_NOTICE.test(line));

async function template(...set: string[]): Promise<Manifest[]> {
  return parseAllDocuments(await render(...set))
    .map((doc) => doc.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

/** helm's failure for `set`: its exit and the message it prints. */
async function refused(...set: string[]): Promise<string> {
  try {
    await template(...set);
  } catch (error) {
    return String((error as { stderr?: string }).stderr);
  }
  throw new Error(`helm template accepted ${set.join(' ')}`);
}

const find = (all: Manifest[], kind: string, name: string): Manifest => {
  const m = all.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name} rendered`);
  return m;
};
const fqdn = (name: string) => `${name}.${NAMESPACE}.svc.cluster.local`;
const clientProxies = topology.proxies.filter((p) => p.client);
const genesysProxies = clientProxies.filter((p) => p.upstream === 'mock-genesys');
const dependencies = [...new Set(clientProxies.map((p) => p.upstream))];

describe('the Helm chart (deploy/helm/genesys-lab)', () => {
  let mock: Manifest[];
  let real: Manifest[];
  let meshless: Manifest[];

  let scratch: string;

  beforeAll(async () => {
    for (const tool of [helm, istioctl]) {
      expect(existsSync(tool), `${tool} is missing: run bash packages/toolchain/bin/setup.sh`).toBe(true);
    }
    scratch = mkdtempSync(join(tmpdir(), 'helm-chart-test-'));
    [mock, real, meshless] = await Promise.all([
      template(),
      template('genesys.mode=real', 'genesys.region=mypurecloud.ie'),
      template('istio.enabled=false'),
    ]);
  });

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('passes helm lint --strict, with the mock and with real Genesys', async () => {
    for (const set of [[], ['--set', 'genesys.mode=real']]) {
      const { stdout } = await run(helm, ['lint', '--strict', chart, ...set]);
      expect(stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    }
  });

  it('renders only objects that validate against their Kubernetes or Istio schema', () => {
    for (const m of [...mock, ...real, ...meshless]) {
      const Model = validators[`${m.apiVersion}/${m.kind}`];
      expect(Model, `no validator for ${m.apiVersion} ${m.kind}`).toBeDefined();
      expect(
        () => new (Model as new (d: Manifest) => { validate(): void })(m).validate(),
        m.metadata.name,
      ).not.toThrow();
    }
  });

  it('renders only objects istioctl validate accepts, Envoy filter configs included, with no finding', async () => {
    const variants: Record<string, string[]> = {
      mock: [],
      real: ['genesys.mode=real'],
      meshless: ['istio.enabled=false'],
    };
    for (const [name, set] of Object.entries(variants)) {
      const { code, output } = await istioValidate(scratch, name, await render(...set));
      expect(code, output).toBe(0);
      expect(findings(output), name).toEqual([]);
    }
  });

  it('is checked by an istioctl that refuses a misspelt field, in an Istio spec and in an Envoy filter', async () => {
    const rendered = await render();
    const misspelt = await istioValidate(
      scratch,
      'misspelt',
      rendered.replace(/consecutiveGatewayErrors:/g, 'consecutiveGatewayError:'),
    );
    expect(misspelt.code).not.toBe(0);
    expect(misspelt.output).toContain('unknown field "consecutiveGatewayError"');
    const badFilter = await istioValidate(
      scratch,
      'bad-filter',
      rendered.replace('failure_mode_deny:', 'failure_mode_denied:'),
    );
    expect(findings(badFilter.output).join('\n')).toContain('unknown field "failure_mode_denied"');
  });

  it('gives each app of the topology the environment appEnv gives it, by Kubernetes Service name', () => {
    for (const [name, s] of Object.entries(topology.services)) {
      const pod = find(mock, 'Deployment', name).spec.template.spec;
      const env = Object.fromEntries(
        pod.containers[0].env
          .filter((e: { value?: string }) => e.value !== undefined)
          .map((e: { name: string; value: string }) => [e.name, e.value]),
      );
      const expected = { ...appEnv(name, topology, kubernetesAddressing), ...stateEnv(name, POD_STATE_DIR, topology) };
      if (s.kind === 'mock') expected.MOCK_ADMIN_TOKEN = 'lab-admin-token';
      expect(env, name).toEqual(expected);
      expect(pod.containers[0].readinessProbe.httpGet.path).toBe(s.healthPath);
      expect(find(mock, 'Service', name).spec.ports[0].port).toBe(s.port);
    }
    const toxiproxyPorts = find(mock, 'Service', 'toxiproxy').spec.ports.map((p: { port: number }) => p.port);
    expect(toxiproxyPorts.sort()).toEqual(
      [topology.toxiproxy.apiPort, ...topology.proxies.map((p) => p.listenPort)].sort(),
    );
  });

  it('runs every pod as a numeric non-root user (the kubelet cannot check USER node by name)', () => {
    for (const d of mock.filter((m) => m.kind === 'Deployment')) {
      const security = d.spec.template.spec.securityContext;
      expect(security.runAsNonRoot, d.metadata.name).toBe(true);
      expect(security.runAsUser, d.metadata.name).toBeGreaterThan(0);
    }
  });

  it('makes mTLS STRICT for the namespace', () => {
    const pa = mock.filter((m) => m.kind === 'PeerAuthentication');
    expect(pa).toHaveLength(1);
    expect(pa[0]?.spec).toEqual({ mtls: { mode: 'STRICT' } });
  });

  it('ejects a dependency after 10 gateway errors for 30 s, on every path to it', () => {
    const expectTolerant = (policy: { outlierDetection: Record<string, unknown> }, what: string) => {
      expect(policy.outlierDetection, what).toMatchObject({ consecutiveGatewayErrors: 10, baseEjectionTime: '30s' });
    };
    for (const upstream of dependencies) {
      const dr = find(mock, 'DestinationRule', upstream);
      expect(dr.spec.host).toBe(fqdn(upstream));
      expectTolerant(dr.spec.trafficPolicy, upstream);
    }
    const viaToxiproxy = find(mock, 'DestinationRule', 'toxiproxy').spec.trafficPolicy.portLevelSettings;
    for (const p of clientProxies) {
      const setting = viaToxiproxy.find((s: { port: { number: number } }) => s.port.number === p.listenPort);
      expect(setting, p.name).toBeDefined();
      expectTolerant(setting, p.name);
    }
    const genesys = find(real, 'DestinationRule', 'genesys-api');
    expect(genesys.spec.host).toBe('api.mypurecloud.ie');
    expectTolerant(genesys.spec.trafficPolicy, 'genesys-api');
    expect(genesys.spec.trafficPolicy.portLevelSettings[0].tls).toMatchObject({
      mode: 'SIMPLE',
      sni: 'api.mypurecloud.ie',
    });
    // tokens from the login host (GENESYS_LOGIN_URL), with TLS originated for it too
    const login = find(real, 'DestinationRule', 'genesys-login');
    expect(login.spec.trafficPolicy.portLevelSettings[0].tls).toMatchObject({
      mode: 'SIMPLE',
      sni: 'login.mypurecloud.ie',
    });
    const crmSync = find(real, 'Deployment', 'crm-sync').spec.template.spec.containers[0].env;
    expect(crmSync).toContainEqual({ name: 'GENESYS_LOGIN_URL', value: 'http://login.mypurecloud.ie' });
    expect(crmSync.find((e: { name: string }) => e.name === 'GENESYS_URL').value).toBe('http://api.mypurecloud.ie');
  });

  it('limits Genesys calls globally to 280 a minute in domain genesys_api, failing open, on every Genesys path', () => {
    const filter = find(mock, 'EnvoyFilter', 'genesys-api-global-rate-limit').spec;
    const http = filter.configPatches.find((p: { applyTo: string }) => p.applyTo === 'HTTP_FILTER').patch.value;
    expect(http.name).toBe('envoy.filters.http.ratelimit');
    expect(http.typed_config).toMatchObject({ domain: 'genesys_api', failure_mode_deny: false });
    expect(http.typed_config.rate_limit_service.grpc_service.envoy_grpc.cluster_name).toBe(
      `outbound|8081||${fqdn('ratelimit')}`,
    );
    const vhosts = filter.configPatches
      .filter((p: { applyTo: string }) => p.applyTo === 'VIRTUAL_HOST')
      .map(
        (p: { match: { routeConfiguration: { vhost: { name: string } } } }) => p.match.routeConfiguration.vhost.name,
      );
    expect(vhosts.sort()).toEqual(genesysProxies.map((p) => `${fqdn('toxiproxy')}:${p.listenPort}`).sort());

    const descriptors = parse(find(mock, 'ConfigMap', 'ratelimit-config').data['config.yaml']);
    expect(descriptors.domain).toBe('genesys_api');
    expect(descriptors.descriptors).toEqual([
      { key: 'generic_key', value: 'genesys_org', rate_limit: { unit: 'minute', requests_per_unit: 280 } },
    ]);
    const action = filter.configPatches.find((p: { applyTo: string }) => p.applyTo === 'VIRTUAL_HOST').patch.value;
    expect(action.rate_limits[0].actions[0].generic_key.descriptor_value).toBe('genesys_org');
    const service = find(mock, 'Deployment', 'ratelimit').spec.template.spec.containers[0];
    expect(service.image).toMatch(/^envoyproxy\/ratelimit:/);
    expect(service.env).toContainEqual({ name: 'REDIS_URL', value: 'ratelimit-redis:6379' });
    find(mock, 'Deployment', 'ratelimit-redis');

    // Selected pods: exactly the services that call Genesys.
    const selected = mock
      .filter((m) => m.kind === 'Deployment' && m.spec.template.metadata.labels['genesys-lab/calls-genesys'] === 'true')
      .map((m) => m.metadata.name);
    expect(selected.sort()).toEqual(genesysProxies.map((p) => p.client).sort());
  });

  it('falls back to a local token bucket per pod on the same Genesys paths', () => {
    const filter = find(mock, 'EnvoyFilter', 'genesys-api-local-rate-limit').spec;
    expect(filter.configPatches[0].patch.value.name).toBe('envoy.filters.http.local_ratelimit');
    const perRoute = filter.configPatches.filter((p: { applyTo: string }) => p.applyTo === 'VIRTUAL_HOST');
    expect(perRoute).toHaveLength(genesysProxies.length);
    for (const p of perRoute) {
      const bucket = p.patch.value.typed_per_filter_config['envoy.filters.http.local_ratelimit'].token_bucket;
      expect(bucket).toEqual({ max_tokens: 70, tokens_per_fill: 70, fill_interval: '60s' });
    }
    // The pods' local shares add up to no more than the global budget.
    expect(70 * genesysProxies.length).toBeLessThanOrEqual(280);
  });

  it('sets mesh retries to 0 on every route an app calls (the apps retry, honouring Retry-After)', () => {
    const routes = find(mock, 'VirtualService', 'toxiproxy').spec.http;
    for (const p of clientProxies) {
      const route = routes.find((r: { match: { port: number }[] }) => r.match[0]?.port === p.listenPort);
      expect(route?.retries, p.name).toEqual({ attempts: 0 });
    }
    // The hop from Toxiproxy to a mock is TCP (no Envoy retries at all): the mocks' Services say so.
    for (const upstream of dependencies) {
      expect(find(mock, 'Service', upstream).spec.ports[0], upstream).toMatchObject({
        name: 'tcp',
        appProtocol: 'tcp',
      });
    }
    expect(find(real, 'VirtualService', 'genesys-api').spec.http[0].retries).toEqual({ attempts: 0 });
  });

  it('with real Genesys: a ServiceEntry for the region, the services call it through their sidecar', () => {
    const entry = find(real, 'ServiceEntry', 'genesys-cloud').spec;
    expect(entry.hosts).toEqual(['api.mypurecloud.ie', 'login.mypurecloud.ie']);
    expect(entry.location).toBe('MESH_EXTERNAL');
    for (const p of genesysProxies) {
      const env = find(real, 'Deployment', p.client as string).spec.template.spec.containers[0].env;
      expect(env).toContainEqual({ name: 'GENESYS_URL', value: 'http://api.mypurecloud.ie' });
      expect(env.map((e: { name: string }) => e.name)).toContain('GENESYS_CLIENT_SECRET');
    }
    const vhosts = find(real, 'EnvoyFilter', 'genesys-api-global-rate-limit')
      .spec.configPatches.filter((p: { applyTo: string }) => p.applyTo === 'VIRTUAL_HOST')
      .map(
        (p: { match: { routeConfiguration: { vhost: { name: string } } } }) => p.match.routeConfiguration.vhost.name,
      );
    expect(vhosts).toEqual(['api.mypurecloud.ie:80']);
    expect(mock.some((m) => m.kind === 'ServiceEntry')).toBe(false);
  });

  it('takes Genesys webhooks and Data Actions in at a separate gateway with standard TLS', () => {
    const gateway = find(mock, 'Gateway', 'genesys-inbound').spec;
    expect(gateway.servers[0].tls).toEqual({ mode: 'SIMPLE', credentialName: 'genesys-webhooks-tls' });
    expect(gateway.servers[0].port.protocol).toBe('HTTPS');
    const routes = find(mock, 'VirtualService', 'genesys-inbound').spec;
    expect(routes.gateways).toEqual(['genesys-inbound']);
    const to = (prefix: string) =>
      routes.http.find((r: { match: { uri: { prefix: string } }[] }) => r.match[0]?.uri.prefix === prefix)?.route[0]
        .destination;
    expect(to('/webhooks/')).toEqual({
      host: fqdn('webhook-processor'),
      port: { number: topology.services['webhook-processor']?.port },
    });
    expect(to('/api/v1/dataactions/')).toEqual({
      host: fqdn('crm-sync'),
      port: { number: topology.services['crm-sync']?.port },
    });
  });

  it('traces every sidecar to Jaeger', () => {
    expect(find(mock, 'Telemetry', 'genesys-lab-tracing').spec.tracing[0].providers).toEqual([{ name: 'jaeger' }]);
    expect(find(mock, 'Service', 'jaeger').spec.ports.map((p: { port: number }) => p.port)).toContain(
      topology.infra.jaeger.otlpGrpcPort,
    );
  });

  it('renders no Istio object and asks for no sidecar with istio.enabled=false', () => {
    expect(meshless.filter((m) => m.apiVersion.includes('istio.io'))).toEqual([]);
    expect(meshless.find((m) => m.metadata.name === 'ratelimit')).toBeUndefined();
    for (const d of meshless.filter((m) => m.kind === 'Deployment')) {
      expect(d.spec.template.metadata.labels['sidecar.istio.io/inject']).toBeUndefined();
    }
    expect(
      mock
        .filter((m) => m.kind === 'Deployment')
        .every((d) => d.spec.template.metadata.labels['sidecar.istio.io/inject'] === 'true'),
    ).toBe(true);
  });

  it('refuses an invalid value in helm template, naming it', async () => {
    // helm's own words, from values.schema.json: the path of the value and what it breaks.
    expect(await refused('istio.rateLimit.requestsPerMinute=500')).toContain(
      "at '/istio/rateLimit/requestsPerMinute': maximum: got 500, want 299",
    );
    expect(await refused('genesys.mode=live')).toContain("at '/genesys/mode': value must be one of 'mock', 'real'");
    expect(await refused('istio.outlierDetection.baseEjectionTime=thirty')).toContain(
      "at '/istio/outlierDetection/baseEjectionTime'",
    );
    expect(await refused('istio.rateLimt.domain=x')).toContain("additional properties 'rateLimt' not allowed");
  });
});
