import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, type RunningProcess, startJaeger } from '@lab/lab-runner';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const packageDir = join(import.meta.dirname, '../..');
const instrumentation = join(packageDir, 'dist/instrumentation.js');
const fixture = join(packageDir, 'test/fixtures/emit-span.mjs');
const workDir = mkdtempSync(join(tmpdir(), 'telemetry-jaeger-'));
const tags = JSON.stringify({ 'genesys.conversation_id': 'abc-123' });

interface JaegerSpan {
  spanID: string;
  operationName: string;
  references: { refType: string; spanID: string }[];
  tags: { key: string; value: unknown }[];
}
interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: { key: string; value: unknown }[] }>;
}

let jaeger: RunningProcess | undefined;
let otlpUrl = '';
let queryUrl = '';

beforeAll(async () => {
  const [otlpHttpPort, queryPort, queryGrpcPort] = [await freePort(), await freePort(), await freePort()];
  otlpUrl = `http://127.0.0.1:${otlpHttpPort}`;
  queryUrl = `http://127.0.0.1:${queryPort}`;
  jaeger = await startJaeger({
    otlpHttpPort,
    queryPort,
    queryGrpcPort,
    maxTraces: 1_000,
    dataDir: workDir,
    logFile: join(workDir, 'jaeger.log'),
  });
});

afterAll(async () => {
  if (!jaeger) return; // start-up failed: keep the config and log for a look
  await jaeger.stop();
  rmSync(workDir, { recursive: true, force: true });
});

/** Runs the fixture as a service would run, with only the OTEL_* settings given. */
async function runFixture(mode: 'explicit' | 'natural', env: Record<string, string>) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_')));
  return promisify(execFile)(process.execPath, ['--import', instrumentation, fixture, mode, 'abc-123'], {
    env: { ...inherited, NODE_OPTIONS: '', OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl, ...env },
    timeout: 20_000,
  });
}

async function findTrace(service: string): Promise<JaegerTrace> {
  const url = `${queryUrl}/api/traces?service=${encodeURIComponent(service)}&tags=${encodeURIComponent(tags)}&lookback=1h&limit=10`;
  return vi.waitFor(
    async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = (await response.json()) as { data: JaegerTrace[] | null };
      const trace = body.data?.[0];
      expect(trace, `the trace of ${service} in Jaeger`).toBeDefined();
      return trace as JaegerTrace;
    },
    { timeout: 15_000, interval: 200 },
  );
}

const tag = (span: JaegerSpan | undefined, key: string) => span?.tags.find((t) => t.key === key)?.value;

describe('traces reach a real Jaeger v2 over OTLP/HTTP', () => {
  it('ships a span tagged genesys.conversation_id, with its HTTP children, when the app calls shutdownTelemetry', async () => {
    const disabled = await runFixture('explicit', { OTEL_SERVICE_NAME: 'fixture-disabled', OTEL_SDK_DISABLED: 'true' });
    expect(disabled.stdout).toContain('emit-span: done (explicit)');

    const run = await runFixture('explicit', { OTEL_SERVICE_NAME: 'fixture-explicit' });
    expect(run.stdout).toContain('emit-span: done (explicit)');
    const trace = await findTrace('fixture-explicit');
    const ours = trace.spans.find((span) => span.operationName === 'genesys.get_conversation');
    expect(tag(ours, 'genesys.conversation_id')).toBe('abc-123');
    expect(tag(ours, 'genesys.api_family')).toBe('conversations');
    const clients = trace.spans.filter((span) => tag(span, 'span.kind') === 'client');
    expect(clients.map((span) => tag(span, 'otel.scope.name')).sort()).toEqual([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-undici',
    ]);
    for (const client of clients) {
      expect(client.references[0]?.spanID).toBe(ours?.spanID);
      const server = trace.spans.find((span) => span.references[0]?.spanID === client.spanID);
      expect(tag(server, 'span.kind')).toBe('server');
    }
    expect(JSON.stringify(trace)).not.toContain('FIXTURE_SECRET');

    // The disabled run finished before this one started: had it exported anything, Jaeger would know its service.
    const services = (await (await fetch(`${queryUrl}/api/services`)).json()) as { data: string[] };
    expect(services.data).toContain('fixture-explicit');
    expect(services.data).not.toContain('fixture-disabled');
  });

  it('flushes on beforeExit when the process simply runs out of work', async () => {
    const run = await runFixture('natural', { OTEL_SERVICE_NAME: 'fixture-natural' });
    expect(run.stdout).toContain('emit-span: done (natural)');
    const trace = await findTrace('fixture-natural');
    expect(trace.spans.map((span) => span.operationName)).toContain('genesys.get_conversation');
  });
});
