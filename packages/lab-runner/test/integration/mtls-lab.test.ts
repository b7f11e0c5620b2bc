import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { promisify } from 'node:util';
import { webhookSignatureHeaders } from '@lab/lab-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningLab, startLab } from '../../src/lab.js';
import { labFetch } from '../../src/lab-fetch.js';
import { readIdentity } from '../../src/mtls-profile.js';
import { repoRoot } from '../../src/paths.js';
import { createCa, ensureLabPki, type IdentityFiles, issueLeaf, labIdentities } from '../../src/pki.js';
import { redisPing } from '../../src/redis.js';
import type { ClientTls } from '../../src/wait.js';

// The mTLS profile on free ports: the two services Genesys calls, the mocks behind them, Redis, Toxiproxy,
// Prometheus and the TLS ingress. Certificates that must fail are made here with the same openssl helpers.
let lab: RunningLab;
let scratch: string;
let otherCa: ClientTls;
let expired: ClientTls;
let wrongName: ClientTls;
const INTERNAL_HTTP = ['crm-sync', 'webhook-processor', 'mock-crm', 'mock-notifier'];

beforeAll(async () => {
  lab = await startLab({
    services: ['crm-sync', 'webhook-processor'],
    prometheus: true,
    mtls: true,
    stateDir: mkdtempSync(join(tmpdir(), 'mtls-lab-')),
    env: { 'crm-sync': { LOG_LEVEL: 'info' }, 'webhook-processor': { LOG_LEVEL: 'info' } },
  });
  scratch = mkdtempSync(join(tmpdir(), 'mtls-certs-'));
  const ca = readFileSync(lab.pki?.caFile ?? '');
  const client = (files: IdentityFiles): ClientTls => ({ ...readIdentity(files), ca });
  await createCa(join(scratch, 'other'), 'another CA');
  otherCa = client(
    await issueLeaf({ caDir: join(scratch, 'other'), outDir: join(scratch, 'other'), name: 'crm-sync' }),
  );
  const caDir = lab.pki?.dir ?? '';
  expired = client(await issueLeaf({ caDir, outDir: join(scratch, 'expired'), name: 'prometheus', expired: true }));
  wrongName = client(await issueLeaf({ caDir, outDir: join(scratch, 'wrong'), name: 'intruder' }));
}, 180_000);
afterAll(async () => {
  await lab?.stop();
});

const healthOf = (service: string) => `${lab.url(service)}/healthz`;
const logOf = (instance: string) => readFileSync(join(lab.stateDir, 'logs', `${instance}.log`), 'utf8');
/** Resolves to the error's code (the cause's, for fetch) when the GET fails; to the status when it is answered. */
async function outcome(url: string, tls?: ClientTls): Promise<string | number> {
  try {
    return (await labFetch(url, tls, { signal: AbortSignal.timeout(5_000) })).status;
  } catch (error) {
    const e = error as { cause?: { code?: string }; code?: string };
    return e.cause?.code ?? e.code ?? String(error);
  }
}

describe('the mTLS profile: STRICT inside', () => {
  it('serves the runner certificate on every internal port, https and rediss', async () => {
    for (const service of INTERNAL_HTTP) {
      expect(lab.url(service)).toMatch(/^https:/);
      expect(await outcome(healthOf(service), lab.clientTls), service).toBe(200);
    }
    expect(lab.redisUrl).toMatch(/^rediss:/);
    expect(await redisPing(lab.topology.infra.redis.port, lab.topology.host, lab.clientTls)).toBe(true);
  });

  it('refuses a client without a certificate on every internal port, and says so in the log', async () => {
    const ca = lab.clientTls?.ca;
    for (const service of INTERNAL_HTTP) {
      // The server's certificate checks out (the lab CA is given); the client has none to show.
      expect(await outcome(healthOf(service), { ca } as ClientTls), service).not.toBe(200);
      await vi.waitFor(() => expect(logOf(service)).toContain('client certificate refused: NO_CLIENT_CERTIFICATE'));
    }
    // Plain HTTP on a TLS port is no way round either.
    expect(await outcome(healthOf('crm-sync').replace('https:', 'http:'))).not.toBe(200);
    // Redis: a TLS client without a certificate gets no PONG (tls-auth-clients yes), nor does plain TCP.
    const { host, infra } = lab.topology;
    expect(await redisPing(infra.redis.port, host)).toBe(false);
    const socket = connect({ host, port: infra.redis.port, ca: lab.clientTls?.ca });
    const answer = await new Promise<string>((resolve) => {
      socket.on('secureConnect', () => socket.write('PING\r\n'));
      socket.on('data', (data) => resolve(data.toString()));
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code ?? error.message}`));
      socket.on('close', () => resolve('closed'));
    });
    socket.destroy();
    expect(answer).not.toContain('PONG');
  });

  it('refuses a certificate from another CA, an expired one and one for a name not allowed, naming why', async () => {
    const cases: [ClientTls, string][] = [
      [otherCa, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
      [expired, 'CERT_HAS_EXPIRED'],
      [wrongName, 'NAME_NOT_ALLOWED'],
    ];
    for (const service of ['mock-crm', 'crm-sync']) {
      for (const [tls, reason] of cases) {
        expect(await outcome(healthOf(service), tls), `${service} ${reason}`).not.toBe(200);
        await vi.waitFor(() => expect(logOf(service)).toContain(`client certificate refused: ${reason}`));
      }
    }
    expect(await redisPing(lab.topology.infra.redis.port, lab.topology.host, otherCa)).toBe(false);
  });

  it('has Prometheus scrape every https target with its certificate: up is 1 for each', async () => {
    const prometheus = `http://${lab.topology.host}:${lab.topology.infra.prometheus.port}`;
    const expected = ['crm-sync', 'webhook-processor', 'mock-crm', 'mock-notifier'];
    await vi.waitFor(
      async () => {
        const r = await fetch(`${prometheus}/api/v1/targets?state=active`);
        const targets = (
          (await r.json()) as {
            data: {
              activeTargets: { scrapeUrl: string; labels: { job: string }; health: string; lastError: string }[];
            };
          }
        ).data.activeTargets;
        for (const job of expected) {
          const target = targets.find((x) => x.labels.job === job);
          expect(target?.scrapeUrl, job).toMatch(/^https:/);
          expect(target?.health, `${job}: ${target?.lastError}`).toBe('up');
        }
      },
      { timeout: 30_000, interval: 500 },
    );
  });
});

describe('the mTLS profile: the TLS ingress for Genesys', () => {
  const ingress = () => lab.ingressUrl ?? '';
  /** A client as Genesys is: it checks the ingress' certificate (the lab CA), and has none of its own. */
  const genesys = () => ({ ca: lab.clientTls?.ca }) as ClientTls;
  const token = () => lab.topology.ingress.routes.find((r) => r.bearer)?.bearer?.token ?? '';
  const action = (headers: Record<string, string>) =>
    labFetch(`${ingress()}/api/v1/dataactions/customer-enrichment`, genesys(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ contactId: 'c-7' }),
      signal: AbortSignal.timeout(10_000),
    });

  it('answers a Data Action with the integration credential, without a client certificate', async () => {
    const r = await action({ authorization: `Bearer ${token()}` });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { metadata: { source: string } }).metadata.source).toBe('crm');
  });

  it('answers 401 in the service error shape without the credential, or with another', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer not-the-lab-data-action-token' }];
    for (const headers of attempts) {
      const r = await action(headers);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = (await r.json()) as { error: string; details: { field: string }[] };
      expect(body.error).toBe('unauthorized');
      expect(body.details[0]?.field).toBe('authorization');
    }
  });

  it('takes a signed webhook, which webhook-processor delivers to the notifier over mTLS', async () => {
    const eventId = randomUUID();
    const body = JSON.stringify({ eventId, topic: 'v2.test' });
    const r = await labFetch(`${ingress()}/webhooks/genesys`, genesys(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...webhookSignatureHeaders(body, 'lab-webhook-secret') },
      body,
    });
    expect(r.status).toBe(202);
    const unsigned = await labFetch(`${ingress()}/webhooks/genesys`, genesys(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    await vi.waitFor(
      async () => {
        const d = await labFetch(`${lab.url('mock-notifier')}/__admin/deliveries`, lab.clientTls);
        expect(((await d.json()) as { unique: number }).unique).toBeGreaterThanOrEqual(1);
      },
      { timeout: 20_000, interval: 200 },
    );
  });

  it('routes nothing else: /healthz and /metrics of the services are a 404 there', async () => {
    for (const path of ['/healthz', '/metrics', '/__admin/deliveries']) {
      const r = await labFetch(`${ingress()}${path}`, genesys());
      expect(r.status, path).toBe(404);
      expect(((await r.json()) as { error: string }).error).toBe('not_found');
    }
  });
});

describe('the lab PKI', () => {
  it('`lab certs rotate` issues a new CA and certificates, in the lab state folder', async () => {
    const env = { ...process.env, LAB_STATE_DIR: mkdtempSync(join(tmpdir(), 'mtls-rotate-')) };
    const cli = join(repoRoot, 'packages/lab-runner/dist/cli.js');
    const rotate = () => promisify(execFile)(process.execPath, [cli, 'certs', 'rotate'], { env });
    expect((await rotate()).stdout).toMatch(/issued a new lab CA and \d+ certificates/);
    const caFile = join(env.LAB_STATE_DIR, 'pki', 'ca.crt');
    const first = readFileSync(caFile, 'utf8');
    await rotate();
    expect(readFileSync(caFile, 'utf8')).not.toBe(first);
    const help = await promisify(execFile)(process.execPath, [cli, 'help'], { env });
    expect(help.stdout).toContain('certs rotate');
  });

  it('is reused while valid, and rotated into a new CA and new certificates', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'mtls-pki-'));
    const names = labIdentities(lab.topology);
    const first = await ensureLabPki(stateDir, names);
    const ca = readFileSync(first.caFile, 'utf8');
    const leaf = readFileSync(first.identity('crm-sync').certFile, 'utf8');
    const again = await ensureLabPki(stateDir, names);
    expect(first.issued).toBe(true);
    expect(again.issued).toBe(false);
    expect(readFileSync(again.caFile, 'utf8')).toBe(ca);
    const rotated = await ensureLabPki(stateDir, names, { rotate: true });
    expect(rotated.issued).toBe(true);
    expect(readFileSync(rotated.caFile, 'utf8')).not.toBe(ca);
    expect(readFileSync(rotated.identity('crm-sync').certFile, 'utf8')).not.toBe(leaf);
  });
});
