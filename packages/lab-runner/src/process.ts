import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
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

/** How a supervised process is brought back after it died by itself. */
export interface SupervisionOptions {
  /** Wait before the first restart after a crash; doubles with each crash in a row, up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A run that stayed up this long was healthy: the next crash waits `initialDelayMs` again. */
  stableAfterMs?: number;
  onEvent?: (event: SupervisionEvent) => void;
}

/** What the supervisor saw and did, for the runner's log and `lab status`. */
export type SupervisionEvent =
  | { type: 'exited'; name: string; pid: number; code: number | null; signal: string | null; restartInMs: number }
  | { type: 'restarted'; name: string; pid: number; restarts: number }
  | { type: 'restart-failed'; name: string; error: string; restartInMs: number };

/**
 * One process of the lab. The handle stays the same across restarts: `pid` and `exited` follow the current run, so
 * a test (or the lab) that holds it can kill -9 a replica and start it again on the same port.
 *
 * Supervised (`supervise()`, which `startLab({supervise: true})` and `lab start` call), a run that ends by itself
 * (a crash, or a signal from outside: `kill -9 <pid>`) is logged and started again with backoff. What the handle is
 * asked to do is intent and is obeyed: after `kill()` or `stop()` the process stays down (a fault experiment keeps
 * its dead Redis) until `restart()`.
 */
export interface RunningProcess {
  name: string;
  logFile: string;
  readonly pid: number;
  /** Resolves with the exit code (null when killed by a signal) of the current run. */
  readonly exited: Promise<number | null>;
  /** Runs the supervisor brought back after a crash (explicit restarts not counted). */
  readonly restarts: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. Stays down. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (kill -9: no shutdown hook runs); resolves once the process has exited. Stays down. */
  kill(): Promise<void>;
  /** Stops the current run if it is alive, starts the same command again and resolves once it is ready. */
  restart(): Promise<void>;
  /**
   * From now on, a run that ends by itself is started again (idempotent; the last options win); `false` ends
   * supervision (a lab shutting down: Ctrl-C signals every child at once, and none may be brought back).
   */
  supervise(options?: SupervisionOptions | false): void;
  /** Resolves once the supervisor has brought the process back (ready, hooks run) after its next crash. */
  nextRestart(): Promise<void>;
  /** Runs after every restart (supervised or `restart()`), once the process is ready: e.g. Toxiproxy's proxies. */
  onRestart(hook: () => Promise<void>): void;
}

interface Run {
  pid: number;
  startedAt: number;
  exited: Promise<number | null>;
  /** The signal that ended the run, once it has. */
  signal(): string | null;
  stop(graceMs: number): Promise<void>;
  kill(): Promise<void>;
}

const SUPERVISION_DEFAULTS = { initialDelayMs: 200, maxDelayMs: 5_000, stableAfterMs: 10_000 };

/** Spawns a real process, waits until it is ready, and fails with the log's path if it dies first. */
export async function startProcess(spec: ProcessSpec): Promise<RunningProcess> {
  let current = await launch(spec);
  let wantUp = true;
  // Every explicit kill/stop/restart starts a new epoch: a recovery begun in an older one gives up.
  let epoch = 0;
  let restarts = 0;
  let crashesInARow = 0;
  let supervision: (SupervisionOptions & typeof SUPERVISION_DEFAULTS) | undefined;
  const hooks: (() => Promise<void>)[] = [];
  let waiters: (() => void)[] = [];

  const runHooks = async () => {
    for (const hook of hooks) await hook();
  };

  const watch = (run: Run) => {
    void run.exited.then((code) => {
      if (run !== current || !wantUp || !supervision) return;
      void recover(run, code, epoch);
    });
  };

  const recover = async (dead: Run, code: number | null, since: number) => {
    const s = supervision!;
    if (Date.now() - dead.startedAt >= s.stableAfterMs) crashesInARow = 0;
    const delay = () => Math.min(s.initialDelayMs * 2 ** crashesInARow, s.maxDelayMs);
    s.onEvent?.({
      type: 'exited',
      name: spec.name,
      pid: dead.pid,
      code,
      signal: dead.signal(),
      restartInMs: delay(),
    });
    for (;;) {
      await sleep(delay());
      crashesInARow++;
      if (epoch !== since || !wantUp || !supervision) return;
      let run: Run;
      try {
        run = await launch(spec);
      } catch (error) {
        s.onEvent?.({ type: 'restart-failed', name: spec.name, error: (error as Error).message, restartInMs: delay() });
        continue;
      }
      if (epoch !== since || !wantUp || !supervision) {
        await run.stop(1_000);
        return;
      }
      current = run;
      restarts++;
      await runHooks().catch((error: unknown) =>
        s.onEvent?.({ type: 'restart-failed', name: spec.name, error: `after restart: ${error}`, restartInMs: 0 }),
      );
      watch(run);
      s.onEvent?.({ type: 'restarted', name: spec.name, pid: run.pid, restarts });
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
      return;
    }
  };

  watch(current);
  return {
    name: spec.name,
    logFile: spec.logFile,
    get pid() {
      return current.pid;
    },
    get exited() {
      return current.exited;
    },
    get restarts() {
      return restarts;
    },
    stop: (graceMs = 5_000) => {
      wantUp = false;
      epoch++;
      return current.stop(graceMs);
    },
    kill: () => {
      wantUp = false;
      epoch++;
      return current.kill();
    },
    restart: async () => {
      wantUp = false;
      epoch++;
      await current.stop(5_000);
      current = await launch(spec);
      crashesInARow = 0;
      await runHooks();
      wantUp = true;
      watch(current);
    },
    supervise: (options = {}) => {
      supervision = options === false ? undefined : { ...SUPERVISION_DEFAULTS, ...options };
    },
    nextRestart: () => new Promise<void>((resolve) => waiters.push(resolve)),
    onRestart: (hook) => {
      hooks.push(hook);
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
  let exitSignal: string | null = null;
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => {
      exitCode = code ?? (signal ? null : 0);
      exitSignal = signal;
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
  return { pid: child.pid ?? -1, startedAt: Date.now(), exited, signal: () => exitSignal, stop, kill };
}
