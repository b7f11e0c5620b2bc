import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@lab/service-kit';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type ExporterApp } from './app.js';
import { initialCheckpoint } from './checkpoint.js';
import { CheckpointStore } from './checkpoint-store.js';
import { exporterConfigSchema } from './config.js';
import { conversations, FakeDetailsJobs } from './testing/fake-details-jobs.js';

// The exporter with in-memory details jobs (Genesys and Redis unreachable on purpose): the HTTP contract, the cap,
// and resuming at start-up. The real Genesys path is in test/integration/.
const WEEK = '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z';
let apps: ExporterApp[] = [];
afterEach(async () => {
  for (const { app, ctx, exports } of apps) {
    await app.close();
    await exports.stop();
    await ctx.close();
  }
  apps = [];
});

async function exporter(jobs: FakeDetailsJobs, dir = mkdtempSync(join(tmpdir(), 'exporter-app-'))) {
  const config = loadConfig(exporterConfigSchema, {
    SERVICE_PORT: '0',
    GENESYS_URL: 'http://127.0.0.1:1',
    REDIS_URL: 'redis://127.0.0.1:1',
    EXPORT_DIR: dir,
    EXPORT_MAX_RUNNING: '2',
    EXPORT_POLL_MIN_MS: '1',
    EXPORT_POLL_MAX_MS: '5',
  });
  const built = await buildApp(config, { logger: pino({ level: 'silent' }), jobs: () => jobs });
  apps.push(built);
  await built.exports.start();
  return { ...built, dir };
}

const post = (e: ExporterApp, body: unknown) =>
  e.app.inject({ method: 'POST', url: '/exports', payload: body as object });

async function untilEnded(e: ExporterApp, id: string) {
  for (let i = 0; i < 200; i++) {
    const status = (await e.app.inject(`/exports/${id}`)).json();
    if (status.state !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`export ${id} still running`);
}

describe('analytics-exporter HTTP', () => {
  it('names the bad field and starts nothing on bad input', async () => {
    const jobs = new FakeDetailsJobs(conversations(5));
    const e = await exporter(jobs);
    for (const [body, field] of [
      [{}, 'interval'],
      [{ interval: 'last week' }, 'interval'],
      [{ interval: '2026-11-08T00:00:00Z/2026-11-01T00:00:00Z' }, 'interval'],
      [{ interval: WEEK, pageSize: 0 }, 'pageSize'],
      [{ interval: WEEK, pageSize: 1001 }, 'pageSize'],
      [{ interval: WEEK, pageSize: '50' }, 'pageSize'],
      [{ interval: WEEK, exportId: '../etc' }, 'exportId'],
    ] as const) {
      const res = await post(e, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect((await e.app.inject('/exports/..%2Fx')).statusCode).toBe(400);
    expect((await e.app.inject('/exports/nope')).json()).toMatchObject({ error: 'export_not_found' });
    expect(jobs.calls).toEqual([]);
  });

  it('accepts an export with 202, reports its progress, and writes every conversation to its file', async () => {
    const jobs = new FakeDetailsJobs(conversations(120));
    const e = await exporter(jobs);
    const res = await post(e, { interval: '2026-11-01T00:00:00Z/2026-11-08T00:00:00Z', pageSize: 50 });
    expect(res.statusCode).toBe(202);
    const { exportId, status } = res.json();
    expect(status).toBe('running');
    const final = await untilEnded(e, exportId);
    expect(final).toMatchObject({ state: 'completed', interval: WEEK, pagesWritten: 3, conversationsWritten: 120 });
    expect(final.file).toBe(join(e.dir, `${exportId}.ndjson`));
    expect(readFileSync(final.file, 'utf8').trim().split('\n')).toHaveLength(120);
    expect((await e.app.inject('/exports')).json().exports.map((x: { exportId: string }) => x.exportId)).toEqual([
      exportId,
    ]);
    expect(jobs.deleted).toEqual(['job-1']);
    const metrics = (await e.app.inject('/metrics')).body;
    expect(metrics).toMatch(/exporter_exports_total\{outcome="completed"\} 1/);
    expect(metrics).toMatch(/exporter_conversations_written_total 120/);
  });

  it('runs one export per id, refuses more than the cap with 429, and shows the running ones in /healthz', async () => {
    const jobs = new FakeDetailsJobs(conversations(10));
    let release = () => {};
    jobs.gate = new Promise((resolve) => {
      release = resolve;
    });
    const e = await exporter(jobs);
    expect((await post(e, { interval: WEEK, exportId: 'a' })).statusCode).toBe(202);
    const again = await post(e, { interval: WEEK, exportId: 'a' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'export_running' });
    expect((await post(e, { interval: WEEK, exportId: 'b' })).statusCode).toBe(202);
    const third = await post(e, { interval: WEEK, exportId: 'c' });
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ error: 'too_many_exports', message: expect.stringContaining('limit is 2') });
    expect(third.headers['retry-after']).toBe('10');
    expect((await e.app.inject('/healthz')).json().exports).toMatchObject({ running: ['a', 'b'], limit: 2 });

    release();
    expect((await untilEnded(e, 'a')).state).toBe('completed');
    expect((await untilEnded(e, 'b')).state).toBe('completed');
    const done = await post(e, { interval: WEEK, exportId: 'a' });
    expect(done.json()).toMatchObject({ error: 'export_exists' });
    expect((await post(e, { interval: WEEK, exportId: 'c' })).statusCode).toBe(202);
    expect((await e.app.inject('/metrics')).body).toMatch(/exporter_exports_total\{outcome="rejected"\} 1/);
  });

  it('resumes at start-up every export whose checkpoint is not completed', async () => {
    const jobs = new FakeDetailsJobs(conversations(30));
    const dir = mkdtempSync(join(tmpdir(), 'exporter-app-'));
    const store = new CheckpointStore(dir);
    await store.init();
    await store.save({ ...initialCheckpoint('left-over', WEEK, 10, new Date()), state: 'running' });
    await store.save({ ...initialCheckpoint('done', WEEK, 10, new Date()), state: 'completed' });

    const e = await exporter(jobs, dir);
    expect((await untilEnded(e, 'left-over')).state).toBe('completed');
    expect((await e.app.inject('/exports/left-over')).json()).toMatchObject({ conversationsWritten: 30, resumes: 1 });
    expect((await e.app.inject('/exports/done')).json()).toMatchObject({ state: 'completed', resumes: 0 });
    expect((await e.app.inject('/metrics')).body).toMatch(/exporter_resumed_total 1/);
  });
});
