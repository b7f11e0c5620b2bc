import { createMetricsRegistry } from '@lab/telemetry';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createSchedulerMetrics } from './metrics.js';
import { pullErrorOf } from './pull-error.js';
import { type JobLock, PullJob } from './pull-job.js';
import type { HeldLock, LockBusy } from './redis-lock.js';
import type { PullSummary } from './schedule-pull.js';
import { ScheduleStore } from './schedule-store.js';

/** A lock that is free or held by "another replica", and counts releases. */
function fakeLock(mode: 'redis' | 'local' | 'held-elsewhere' = 'redis') {
  const lock = { mode, acquired: 0, released: 0 };
  const api: JobLock = {
    acquire: async (job): Promise<HeldLock | LockBusy> => {
      const key = `scheduler:lock:${job}`;
      if (lock.mode === 'held-elsewhere') return { mode: 'held-elsewhere', key };
      lock.acquired++;
      return { mode: lock.mode, key, release: async () => void lock.released++ };
    },
  };
  return { lock, api };
}

/** Work that ends when the test says so. */
function gatedWork() {
  const gate = { runs: 0, open: (_summary: PullSummary) => {}, signal: undefined as AbortSignal | undefined };
  const work = (signal: AbortSignal) =>
    new Promise<PullSummary>((resolve, reject) => {
      gate.runs++;
      gate.signal = signal;
      gate.open = resolve;
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  return { gate, work };
}

function setup(lockMode?: 'redis' | 'local' | 'held-elsewhere', timeoutMs = 10_000) {
  const registry = createMetricsRegistry({ defaultMetrics: false });
  const { lock, api } = fakeLock(lockMode);
  const { gate, work } = gatedWork();
  const job = new PullJob({
    job: 'wfm-schedules',
    work,
    lock: api,
    lockTtlMs: 60_000,
    timeoutMs,
    metrics: createSchedulerMetrics(registry, new ScheduleStore()),
    logger: pino({ level: 'silent' }),
  });
  const sample = async (outcome: string) => {
    const line = (await registry.metrics())
      .split('\n')
      .find((l) => l.startsWith(`scheduler_pulls_total{outcome="${outcome}"}`));
    return Number(line?.split(' ')[1]);
  };
  return { job, lock, gate, registry, sample };
}

const OK: PullSummary = { ok: true, businessUnits: 1, refreshed: 1 };

describe('PullJob', () => {
  it('runs one pull at a time in-process: an overlapping one is skipped and counted', async () => {
    const { job, gate, lock, sample } = setup();
    expect(job.trigger('schedule')).toBe('started');
    await Promise.resolve();
    expect(job.running).toBe(true);
    expect(job.trigger('manual')).toBe('in_progress');
    await expect(job.run('schedule')).resolves.toMatchObject({ outcome: 'skipped_overlap', guard: 'in-process' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.runs).toBe(1);

    gate.open(OK);
    await vi.waitFor(() => expect(job.running).toBe(false));
    expect(job.last()).toMatchObject({ outcome: 'success', trigger: 'schedule', guard: 'redis', refreshed: 1 });
    expect(job.totals()).toEqual({ success: 1, failed: 0, skipped_overlap: 2 });
    expect(lock).toMatchObject({ acquired: 1, released: 1 });
    expect(await sample('success')).toBe(1);
    expect(await sample('skipped_overlap')).toBe(2);
    expect(await sample('failed')).toBe(0);
  });

  it('skips a pull whose lock another replica holds, without running it', async () => {
    const { job, gate, sample } = setup('held-elsewhere');
    await expect(job.run('manual')).resolves.toMatchObject({ outcome: 'skipped_overlap', guard: 'held-elsewhere' });
    expect(gate.runs).toBe(0);
    expect(await sample('skipped_overlap')).toBe(1);
  });

  it('records a failed pull with its error and duration, and releases the lock', async () => {
    const { job, gate, lock, registry, sample } = setup('local');
    const run = job.run('manual');
    await new Promise((resolve) => setImmediate(resolve));
    const error = pullErrorOf('get_week_schedules', Object.assign(new Error('503'), { status: 503 }));
    gate.open({ ok: false, businessUnits: 1, refreshed: 0, error });
    await expect(run).resolves.toMatchObject({ outcome: 'failed', guard: 'local', error: { reason: 'http-503' } });
    expect(lock.released).toBe(1);
    expect(await sample('failed')).toBe(1);
    expect(await registry.metrics()).toMatch(/scheduler_pull_duration_seconds_count\{outcome="failed"\} 1/);
  });

  it('aborts a pull that runs past its deadline', async () => {
    const { job, gate } = setup('redis', 50);
    const record = await job.run('schedule');
    expect(gate.signal?.aborted).toBe(true);
    expect(record).toMatchObject({ outcome: 'failed', error: { call: 'pull' } });
    expect(job.running).toBe(false);
  });

  it('aborts the pull in progress on stop, and runs none after', async () => {
    const { job, gate } = setup();
    job.trigger('schedule');
    await new Promise((resolve) => setImmediate(resolve));
    await job.stop();
    expect(gate.signal?.aborted).toBe(true);
    expect(job.running).toBe(false);
    await job.run('schedule');
    expect(gate.runs).toBe(1);
  });
});
