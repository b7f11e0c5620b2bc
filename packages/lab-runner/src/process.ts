import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { GiveUp, waitFor } from './wait.js';

export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout and stderr go here (appended). */
  logFile: string;
  /** Resolves true once the process serves; polled until `readyTimeoutMs`. */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
}

export interface RunningProcess {
  name: string;
  pid: number;
  logFile: string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Spawns a real process, waits until it is ready, and fails with the log's path if it dies first. */
export async function startProcess(spec: ProcessSpec): Promise<RunningProcess> {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? null : 0);
      resolve(exitCode);
    });
    child.on('error', (error) => {
      log.write(`spawn failed: ${error.message}\n`);
      exitCode = -1;
      resolve(-1);
    });
  });

  const stop = async (graceMs = 5_000) => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    log.end();
  };

  try {
    await waitFor(
      `${spec.name} to be ready`,
      async () => {
        if (exitCode !== undefined) throw new GiveUp(`${spec.name} exited with ${exitCode}; see ${spec.logFile}`);
        return spec.ready();
      },
      { timeoutMs: spec.readyTimeoutMs ?? 30_000 },
    );
  } catch (error) {
    await stop(1_000);
    throw new Error(`${(error as Error).message} (log: ${spec.logFile})`);
  }
  return { name: spec.name, pid: child.pid ?? -1, logFile: spec.logFile, stop, exited };
}
