import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { labCacheDir, toolPaths } from './index.js';

// `setup.sh --env-only` as a caller runs it: no install, no lock, the same exports as --print-env, or exit 1.
const setup = join(dirname(fileURLToPath(import.meta.url)), '../bin/setup.sh');
const MISSING_LINE = /^\[setup\] missing: .+; install it with: bash packages\/toolchain\/bin\/setup\.sh$/;

/** Bounded: a run that waited on the lock is killed after 4 s (within the test timeout), and has no exit status. */
function setupSh(flag: '--env-only' | '--print-env', env: NodeJS.ProcessEnv) {
  const run = spawnSync('bash', [setup, flag], { env, encoding: 'utf8', timeout: 4_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
const envOnly = (env: NodeJS.ProcessEnv) => setupSh('--env-only', env);

const temps: string[] = [];
let holder: ChildProcess | undefined;
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'toolchain-env-only-'));
  temps.push(dir);
  return dir;
}
function stub(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
}
afterEach(async () => {
  if (holder && holder.exitCode === null) {
    holder.stdin?.end();
    await once(holder, 'exit');
  }
  holder = undefined;
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('setup.sh --env-only', () => {
  it('on an empty cache: exit 1, a line per missing tool naming it and the set-up command, nothing created', () => {
    const cache = tempDir();
    const run = envOnly({ ...process.env, GENESYS_LAB_CACHE: cache });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(MISSING_LINE);
    const paths = toolPaths({ GENESYS_LAB_CACHE: cache });
    expect(run.stderr).toContain(`missing: Node.js 24.`);
    expect(run.stderr).toContain(`missing: toxiproxy-server (${paths.toxiproxyServer})`);
    expect(run.stderr).toContain(`missing: jaeger (${paths.jaeger})`);
    expect(run.stderr).toContain(`missing: istioctl (${paths.istioctl})`);
    // Nothing installed, not even the lock file or the cache's folders.
    expect(readdirSync(cache)).toEqual([]);
  });

  it('on a complete cache whose lock another set-up holds: at once, the exports --print-env prints', async () => {
    const cache = tempDir();
    // Every binary where toolPaths() (what the runner starts) says it is; the Debian ones on PATH.
    const paths = toolPaths({ GENESYS_LAB_CACHE: cache });
    const cached = [
      paths.node,
      paths.toxiproxyServer,
      paths.toxiproxyCli,
      paths.k6,
      paths.jaeger,
      paths.dockerCompose,
      paths.helm,
      paths.istioctl,
    ];
    for (const path of cached) stub(path);
    const debianBin = join(tempDir(), 'bin');
    for (const name of [paths.redisServer, paths.prometheus, paths.haproxy]) stub(join(debianBin, name));
    const lock = join(cache, 'setup.lock');
    holder = spawn('flock', [lock, 'bash', '-c', 'echo held; read -r _'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const flock = holder;
    await new Promise<void>((resolve, reject) => {
      flock.stdout?.once('data', () => resolve());
      flock.once('error', reject);
      flock.once('exit', (code) => reject(new Error(`flock exited ${code} before it held the lock`)));
    });

    const path = `${debianBin}:/usr/bin:/bin`;
    const run = envOnly({ ...process.env, GENESYS_LAB_CACHE: cache, PATH: path });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const toolDirs = [...new Set(cached.map((p) => dirname(p)))];
    expect(run.stdout).toBe(`export PATH=${[...toolDirs, path].join(':')}\nexport GENESYS_LAB_CACHE=${cache}\n`);
    expect(holder.exitCode, 'the lock was still held while it answered').toBeNull();

    // The same lines as --print-env, which takes the lock (released here) and finds nothing to install.
    holder.stdin?.end();
    await once(holder, 'exit');
    const full = setupSh('--print-env', { ...process.env, GENESYS_LAB_CACHE: cache, PATH: path, SETUP_SKIP_NPM: '1' });
    expect(full.status, full.stderr).toBe(0);
    expect(full.stdout).toBe(run.stdout);
  });

  it('on the real cache, once set up: exit 0 and the exports', () => {
    const run = envOnly(process.env);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^export PATH=\S+\nexport GENESYS_LAB_CACHE=\S+\n$/);
    expect(run.stdout).toContain(dirname(toolPaths().node));
    expect(run.stdout).toContain(`export GENESYS_LAB_CACHE=${labCacheDir()}`);
  });
});
