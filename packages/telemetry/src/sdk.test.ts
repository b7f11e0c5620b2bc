import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startInMemoryTracing } from '../test/in-memory-tracing.js';
import { startTelemetry } from './sdk.js';

const tracing = startInMemoryTracing();
// Required after the SDK started, so that the http instrumentation patches it.
const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
afterAll(() => tracing.shutdown());

describe('startTelemetry', () => {
  it('traces incoming requests except scrapes and probes', async () => {
    const server = http.createServer((_request, response) => response.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const path of ['/metrics', '/healthz', '/ready/db', '/api/v2/users', '/metricsx']) {
      await (await fetch(`${base}${path}`)).text();
    }
    await new Promise((resolve) => server.close(resolve));
    const served = (await tracing.spans())
      .filter((span) => span.instrumentationScope.name === '@opentelemetry/instrumentation-http')
      .map((span) => span.attributes['url.path']);
    expect(served.sort()).toEqual(['/api/v2/users', '/metricsx']);
  });

  it('starts nothing when OTEL_SDK_DISABLED=true', async () => {
    vi.stubEnv('OTEL_SDK_DISABLED', 'true');
    try {
      const telemetry = startTelemetry({ esmHook: false });
      expect(telemetry.enabled).toBe(false);
      await expect(telemetry.shutdown()).resolves.toBeUndefined();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
