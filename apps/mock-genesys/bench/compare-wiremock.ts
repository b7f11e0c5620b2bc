/**
 * Throughput of the mock Genesys API against WireMock serving the same answers as static stubs.
 *
 *   node apps/mock-genesys/bench/compare-wiremock.ts [--duration 10] [--connections 50] [--warmup 2] [--server-warmup 30]
 *
 * Each server first serves both requests in turn for --server-warmup seconds (WireMock's JIT needs ~30 s of load to
 * reach its steady rate; with 2 s it runs at a fraction of it), then each target gets --warmup s, then --duration s.
 * Needs a built workspace (npx turbo run build) and Java 17+. Reports; exits non-zero only on errors or non-2xx.
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, type RunningProcess, startMockGenesys } from '@lab/lab-runner';
import autocannon from 'autocannon';
import { addStub, serverVersion, startWireMock, wiremockJar } from './wiremock.ts';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    'server-warmup': { type: 'string', default: '30' },
  },
});
function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${text}`);
  return value;
}
const duration = positive('duration', values.duration);
const connections = Math.round(positive('connections', values.connections));
const warmup = positive('warmup', values.warmup);
const serverWarmup = Number(values['server-warmup']);
if (!(serverWarmup >= 0)) throw new Error(`--server-warmup must be 0 or more, got ${values['server-warmup']}`);

const QUEUES_URL = '/api/v2/routing/queues?pageSize=25&pageNumber=1';
const DETAILS_URL = '/api/v2/analytics/conversations/details/query';
const DETAILS_BODY = JSON.stringify({
  interval: '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z',
  paging: { pageSize: 25, pageNumber: 1 },
  segmentFilters: [{ type: 'and', predicates: [{ dimension: 'mediaType', value: 'voice' }] }],
});
/** Answer headers WireMock repeats verbatim; WireMock computes content-length itself. */
const COPIED_HEADER = /^(content-type|inin-ratelimit-.*|inin-correlation-id)$/;

interface Request {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}
interface Captured {
  status: number;
  headers: Record<string, string>;
  body: string;
}
interface Measured {
  target: string;
  rps: number;
  p99: number;
  non2xx: number;
  /** Socket errors, timeouts included. */
  errors: number;
  timeouts: number;
}

async function send(baseUrl: string, request: Request): Promise<Captured> {
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined) init.body = request.body;
  const response = await fetch(baseUrl + request.path, init);
  const body = await response.text();
  if (!response.ok) throw new Error(`${request.method} ${baseUrl}${request.path}: ${response.status} ${body}`);
  const headers = Object.fromEntries([...response.headers].filter(([name]) => COPIED_HEADER.test(name)));
  return { status: response.status, headers, body };
}

async function fetchToken(mockUrl: string): Promise<string> {
  const response = await fetch(`${mockUrl}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('lab-client:lab-secret').toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  if (!response.ok) throw new Error(`POST /oauth/token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

function load(baseUrl: string, request: Request, seconds: number): Promise<autocannon.Result> {
  const options: autocannon.Options = {
    url: baseUrl + request.path,
    method: request.method,
    headers: request.headers,
    connections,
    pipelining: 1,
    duration: seconds,
  };
  if (request.body !== undefined) options.body = request.body;
  return autocannon(options);
}

/** Both requests in turn, 2.5 s at a time, results discarded: lets the JIT (V8's, the JVM's) settle. */
async function warmUpServer(baseUrl: string, requests: Request[]): Promise<void> {
  for (let left = serverWarmup; left > 0; left -= 2.5 * requests.length) {
    for (const request of requests) await load(baseUrl, request, 2.5);
  }
}

async function measure(target: string, baseUrl: string, request: Request): Promise<Measured> {
  await load(baseUrl, request, warmup); // discarded
  const result = await load(baseUrl, request, duration);
  const { errors, timeouts, non2xx } = result;
  return { target, rps: result.requests.average, p99: result.latency.p99, non2xx, errors, timeouts };
}

const running: RunningProcess[] = [];
const stopAll = () => Promise.allSettled(running.splice(0).map((proc) => proc.stop()));
process.once('SIGINT', () => {
  console.error('interrupted; stopping the mock and WireMock');
  void stopAll().finally(() => process.exit(130));
});

try {
  const logDir = mkdtempSync(join(tmpdir(), 'compare-wiremock-'));
  const mock = await startMockGenesys({
    port: await freePort(),
    logFile: join(logDir, 'mock-genesys.log'),
    env: {
      MOCK_LOG_LEVEL: 'silent',
      MOCK_TOKEN_RATE_LIMIT: '1000000000',
      MOCK_ORG_RATE_LIMIT: '1000000000',
      // The details body's interval is this pinned week; no live traffic, so every run answers the same bytes.
      MOCK_DATA_START: '2026-11-01T00:00:00.000Z',
      MOCK_LIVE_RATE: '0',
    },
  });
  running.push(mock);
  const authorization = `Bearer ${await fetchToken(mock.url)}`;
  const queues: Request = { method: 'GET', path: QUEUES_URL, headers: { authorization } };
  const details: Request = {
    method: 'POST',
    path: DETAILS_URL,
    headers: { authorization, 'content-type': 'application/json' },
    body: DETAILS_BODY,
  };

  const { jar, version } = wiremockJar();
  const wiremock = await startWireMock({
    port: await freePort(),
    logFile: join(logDir, 'wiremock.log'),
    jar,
    rootDir: logDir,
  });
  running.push(wiremock);
  for (const request of [queues, details]) {
    const answer = await send(mock.url, request);
    await addStub(wiremock.url, {
      ...answer,
      method: request.method,
      url: request.path,
      requestHeaders: { authorization },
    });
    const replayed = await send(wiremock.url, request);
    if (replayed.body !== answer.body) throw new Error(`WireMock's answer to ${request.path} differs from the mock's`);
    const headers = Object.keys(answer.headers).join(', ');
    console.log(`${request.method} ${request.path}: ${Buffer.byteLength(answer.body)} bytes, headers ${headers}`);
  }
  console.log(`WireMock ${(await serverVersion(wiremock.url)) ?? version} (${jar}); logs in ${logDir}`);
  console.log(
    `autocannon: ${connections} connections, pipelining 1; ${serverWarmup} s warm-up per server, then ` +
      `${warmup} s warm-up + ${duration} s per target; 1-min load average before: ${loadavg()[0]?.toFixed(2)} (2 cores)\n`,
  );

  const results: Measured[] = [];
  for (const [server, baseUrl] of [
    ['mock', mock.url],
    ['WireMock', wiremock.url],
  ] as const) {
    await warmUpServer(baseUrl, [queues, details]);
    results.push(await measure(`${server} GET queues`, baseUrl, queues));
    results.push(await measure(`${server} POST details/query`, baseUrl, details));
  }

  const rows = results.map((r) => [r.target, r.rps.toFixed(0), r.p99.toFixed(1), String(r.non2xx), String(r.errors)]);
  const header = ['target', 'rps', 'p99 ms', 'non-2xx', 'errors'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));

  const [mockGet, mockPost, wmGet, wmPost] = results as [Measured, Measured, Measured, Measured];
  const ratios = [mockGet.rps / wmGet.rps, mockPost.rps / wmPost.rps];
  console.log(
    `\nmock/WireMock rps: GET queues ${ratios[0]!.toFixed(2)}x, POST details/query ${ratios[1]!.toFixed(2)}x`,
  );
  const met = ratios.every((ratio) => ratio >= 2);
  console.log(`target "mock sustains at least 2x WireMock's rate": ${met ? 'MET' : 'NOT MET'}`);

  const failed = results.filter((r) => r.non2xx > 0 || r.errors > 0);
  for (const r of failed)
    console.error(`FAIL: ${r.target} had ${r.non2xx} non-2xx answers and ${r.errors} errors (${r.timeouts} timeouts)`);
  if (failed.length > 0) process.exitCode = 1;
} catch (error) {
  console.error(`FAIL: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await stopAll();
}
