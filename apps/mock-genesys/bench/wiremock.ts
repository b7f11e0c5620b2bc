import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { httpOk, type RunningProcess, startProcess } from '@lab/lab-runner';

/** The standalone jar shipped by the `wiremock` npm package, and the package's version. */
export function wiremockJar(): { jar: string; version: string } {
  const packageJson = createRequire(import.meta.url).resolve('wiremock/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const buildDir = join(dirname(packageJson), 'build');
  const jar = readdirSync(buildDir).find((name) => name.endsWith('.jar'));
  if (!jar) throw new Error(`no jar in ${buildDir}`);
  return { jar: join(buildDir, jar), version };
}

export interface RunningWireMock extends RunningProcess {
  url: string;
}

/**
 * Starts WireMock standalone on the machine's Java, quiet and without a request journal. `rootDir` is where it
 * creates its mappings/ and __files/ folders (by default the current directory, i.e. the repository).
 */
export async function startWireMock(options: {
  port: number;
  logFile: string;
  jar: string;
  rootDir: string;
}): Promise<RunningWireMock> {
  const url = `http://127.0.0.1:${options.port}`;
  const proc = await startProcess({
    name: 'wiremock',
    command: 'java',
    args: [
      '-jar',
      options.jar,
      '--port',
      String(options.port),
      '--bind-address',
      '127.0.0.1',
      '--disable-request-logging',
      '--no-request-journal',
      '--disable-banner',
      '--root-dir',
      options.rootDir,
    ],
    logFile: options.logFile,
    ready: () => httpOk(`${url}/__admin/mappings`),
    readyTimeoutMs: 60_000,
  });
  return { ...proc, url };
}

export interface StaticStub {
  method: 'GET' | 'POST';
  /** Path and query, matched exactly. */
  url: string;
  /** Request headers that must be equal (e.g. authorization). */
  requestHeaders?: Record<string, string>;
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Registers a static stub through the admin API. */
export async function addStub(wiremockUrl: string, stub: StaticStub): Promise<void> {
  const headerMatchers = Object.fromEntries(
    Object.entries(stub.requestHeaders ?? {}).map(([name, value]) => [name, { equalTo: value }]),
  );
  const mapping = {
    request: { method: stub.method, url: stub.url, headers: headerMatchers },
    response: { status: stub.status, headers: stub.headers, body: stub.body },
  };
  const response = await fetch(`${wiremockUrl}/__admin/mappings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(mapping),
  });
  if (response.status !== 201) throw new Error(`WireMock refused a stub: ${response.status} ${await response.text()}`);
}

/** The server's own idea of its version (GET /__admin/version), or undefined when it has no such endpoint. */
export async function serverVersion(wiremockUrl: string): Promise<string | undefined> {
  const response = await fetch(`${wiremockUrl}/__admin/version`);
  if (!response.ok) return undefined;
  return ((await response.json()) as { version?: string }).version;
}
