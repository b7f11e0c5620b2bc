import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

/** One HTTP request the benchmarks repeat. */
export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  connections: number;
  /** How long; wrk rounds it up to whole seconds. */
  seconds: number;
  /**
   * taskset CPU list for the load generator. wrk is started under `taskset -c`; autocannon runs in this process,
   * so the caller pins this process instead (pinToCpus(process.pid, ...)) and this is ignored.
   */
  cpus?: string;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p99Ms: number;
  /** Answers with a status of 400 or more (wrk's "Non-2xx or 3xx"), or autocannon's non-2xx. */
  non2xx: number;
  /** Socket errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** The load generator's own CPU time per request, µs. */
  clientCpuUs: number;
}

export type LoadGeneratorName = 'autocannon' | 'wrk';
export const LOAD_GENERATORS: readonly LoadGeneratorName[] = ['autocannon', 'wrk'];

export function runLoad(generator: LoadGeneratorName, request: LoadRequest, options: LoadOptions): Promise<LoadResult> {
  return generator === 'wrk' ? runWrk(request, options) : runAutocannon(request, options);
}

/** autocannon (npm), in this process: its CPU time is this process's over the run. */
async function runAutocannon(request: LoadRequest, { connections, seconds }: LoadOptions): Promise<LoadResult> {
  const options: autocannon.Options = {
    url: request.url,
    method: request.method,
    headers: request.headers,
    connections,
    pipelining: 1,
    duration: seconds,
  };
  if (request.body !== undefined) options.body = request.body;
  const before = process.cpuUsage();
  const result = await autocannon(options);
  const cpu = process.cpuUsage(before);
  const requests = result.requests.total;
  return {
    requests,
    rps: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    clientCpuUs: (cpu.user + cpu.system) / Math.max(1, requests),
  };
}

/**
 * wrk (Debian's package, installed by setup.sh), a C load generator on epoll: one thread per core it is given, so
 * it needs a fraction of autocannon's CPU per answer. Method, headers and body go in a Lua script (wrk's only way to
 * send a body), whose `done` hook prints the summary as one JSON line; the CPU time is read by the shell's `times`
 * (its children's user and system time) after wrk exits.
 */
async function runWrk(request: LoadRequest, { connections, seconds, cpus }: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'wrk-'));
  try {
    const script = join(dir, 'request.lua');
    writeFileSync(script, wrkScript(request));
    const threads = cpus === undefined ? 1 : cpuCount(cpus);
    // wrk takes whole seconds only.
    const wholeSeconds = String(Math.max(1, Math.ceil(seconds)));
    const wrk = ['wrk', '-t', String(threads), '-c', String(connections), '-d', `${wholeSeconds}s`, '-s', script];
    if (cpus !== undefined) wrk.unshift('taskset', '-c', cpus);
    // `times` prints the shell's own and then its children's user and system time, e.g. "0m1.230000s 0m4.560000s".
    const shell = `"$@" ${JSON.stringify(request.url)}; status=$?; times >&2; exit $status`;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile('sh', ['-c', shell, 'sh', ...wrk], { maxBuffer: 1 << 20 }, (error, out, err) =>
        error ? reject(new Error(`wrk failed: ${error.message}\n${out}${err}`)) : resolve({ stdout: out, stderr: err }),
      );
    });
    const summaryLine = stdout.split('\n').find((line) => line.startsWith('{"wrk":'));
    if (!summaryLine) throw new Error(`wrk printed no summary:\n${stdout}${stderr}`);
    const summary = JSON.parse(summaryLine) as WrkSummary;
    const times = [...stderr.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
    if (times.length < 4) throw new Error(`no CPU times from the shell's times: ${stderr}`);
    const childCpuSeconds = times[2]! + times[3]!;
    const errors = summary.connect + summary.read + summary.write + summary.timeout;
    return {
      requests: summary.requests,
      rps: summary.requests / (summary.durationUs / 1e6),
      p99Ms: summary.p99Us / 1_000,
      non2xx: summary.status,
      errors,
      timeouts: summary.timeout,
      clientCpuUs: (childCpuSeconds * 1e6) / Math.max(1, summary.requests),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface WrkSummary {
  requests: number;
  durationUs: number;
  connect: number;
  read: number;
  write: number;
  timeout: number;
  status: number;
  p99Us: number;
}

/** A Lua string literal for any text: printable ASCII as it is, every other byte (UTF-8) as a decimal escape. */
function lua(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c;
    out += printable ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`;
  }
  return `${out}"`;
}

function wrkScript(request: LoadRequest): string {
  const lines = [`wrk.method = ${lua(request.method)}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`wrk.headers[${lua(name)}] = ${lua(value)}`);
  if (request.body !== undefined) lines.push(`wrk.body = ${lua(request.body)}`);
  lines.push(
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format(\'{"wrk":1,"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,"p99Us":%d}\\n\',',
    '    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status, latency:percentile(99)))',
    'end',
  );
  return `${lines.join('\n')}\n`;
}

/** How many CPUs a taskset list names ("1", "1-3", "0,2"). */
function cpuCount(list: string): number {
  return list.split(',').reduce((sum, part) => {
    const [from, to] = part.split('-').map(Number);
    return sum + (to === undefined ? 1 : to! - from! + 1);
  }, 0);
}
