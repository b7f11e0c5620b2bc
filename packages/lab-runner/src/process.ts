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
  /** stdout and stderr go here (appended, across restarts). */
  logFile: string;
  /** Resolves true once the process serves; polled until `readyTimeoutMs`. */
  ready: () => Promise<boolean>;
  readyTimeoutMs?: number;
}

/**
 * One supervised process. The handle stays the same across `restart()`: `pid` and `exited` follow the current run,
 * so a test (or the lab) that holds it can kill -9 a replica and start it again on the same port.
 */
export interface RunningProcess {
  name: string;
  logFile: string;
  readonly pid: number;
  /** Resolves with the exit code (null when killed by a signal) of the current run. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (kill -9: no shutdown hook runs); resolves once the process has exited. */
  kill(): Promise<void>;
  /** Stops the current run if it is alive, starts the same command again and resolves once it is ready. */
  restart(): Promise<void>;
}

interface Run {
  pid: number;
  exited: Promise<number | null>;
  stop(graceMs: number): Promise<void>;
  kill(): Promise<void>;
}

/** Spawns a real process, waits until it is ready, and fails with the log's path if it dies first. */
export async function startProcess(spec: ProcessSpec): Promise<RunningProcess> {
  let current = await launch(spec);
  return {
    name: spec.name,
    logFile: spec.logFile,
    get pid() {
      return current.pid;
    },
    get exited() {
      return current.exited;
    },
    stop: (graceMs = 5_000) => current.stop(graceMs),
    kill: () => current.kill(),
    restart: async () => {
      await current.stop(5_000);
      current = await launch(spec);
    },
  };
}

async function launch(spec: ProcessSpec): Promise<Run> {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  const log = createWriteStream(spec.logFile, { flags: 'a' });
  const child: ChildProcess = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
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
  child.on('close', () => log.end());

  const stop = async (graceMs: number) => {
    if (exitCode !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const kill = async () => {
    if (exitCode === undefined) child.kill('SIGKILL');
    await exited;
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
  return { pid: child.pid ?? -1, exited, stop, kill };
}
