import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpStatusError } from '@lab/resilience';
import { createMetricsRegistry } from '@lab/telemetry';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { type Checkpoint, initialCheckpoint } from './checkpoint.js';
import { CheckpointStore } from './checkpoint-store.js';
import { type ExportRunDeps, runExport } from './export-run.js';
import { createExporterMetrics } from './metrics.js';
import { conversations, FakeDetailsJobs } from './testing/fake-details-jobs.js';

const WEEK = '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z';
let store: CheckpointStore;
let jobs: FakeDetailsJobs;
let deps: ExportRunDeps;
let registry: ReturnType<typeof createMetricsRegistry>;

beforeEach(async () => {
  store = new CheckpointStore(join(mkdtempSync(join(tmpdir(), 'exporter-run-')), 'exports'));
  await store.init();
  jobs = new FakeDetailsJobs(conversations(23));
  registry = createMetricsRegistry({ defaultMetrics: false });
  deps = {
    jobs,
    store,
    poll: { minMs: 1, maxMs: 2, maxWaitMs: 1_000 },
    maxStepFailures: 3,
    metrics: createExporterMetrics(registry),
    logger: pino({ level: 'silent' }),
  };
});

const fresh = (pageSize = 5): Checkpoint => initialCheckpoint('exp', WEEK, pageSize, new Date());
const run = (from: Checkpoint, signal = new AbortController().signal) => runExport(deps, from, signal);
const fileIds = () =>
  readFileSync(store.dataPath('exp'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { conversationId: string }).conversationId);
const allIds = () => jobs.conversations.map((c) => c.conversationId);
/** A signal that aborts, and a save that throws, just before the checkpoint `when` matches is saved: a crash. */
function stopBefore(when: (c: Checkpoint) => boolean): AbortSignal {
  const controller = new AbortController();
  const save = store.save.bind(store);
  store.save = async (c) => {
    if (!controller.signal.aborted && when(c)) {
      controller.abort(new Error('killed'));
      throw new Error('killed');
    }
    return save(c);
  };
  return controller.signal;
}
const metric = async (name: string) => (await registry.getSingleMetric(name)?.get())?.values[0]?.value;

describe('runExport', () => {
  it('writes every conversation once, page by page, then deletes the job and completes the checkpoint', async () => {
    const final = await run(fresh());
    expect(fileIds()).toEqual(allIds());
    expect(final).toMatchObject({ state: 'completed', pagesWritten: 5, conversationsWritten: 23, resultsDone: true });
    expect(final.byteOffset).toBe(statSync(store.dataPath('exp')).size);
    expect(await store.load('exp')).toEqual(final);
    expect(jobs.deleted).toEqual(['job-1']);
    expect(await metric('exporter_pages_written_total')).toBe(5);
    expect(await metric('exporter_conversations_written_total')).toBe(23);
  });

  it('resumes from a checkpoint: truncates what the crash left, continues at the cursor with the same job', async () => {
    // The crash: page 3 is appended and fsynced, then the process dies before its checkpoint is saved.
    await expect(
      run(
        fresh(),
        stopBefore((c) => c.pagesWritten === 3),
      ),
    ).rejects.toThrow('killed');
    appendFileSync(store.dataPath('exp'), '{"conversationId":"c-00'); // and half a line after it
    const checkpoint = (await store.load('exp'))!;
    expect(checkpoint).toMatchObject({ state: 'running', jobId: 'job-1', pagesWritten: 2, conversationsWritten: 10 });
    expect(statSync(store.dataPath('exp')).size).toBeGreaterThan(checkpoint.byteOffset);

    const final = await run(checkpoint);
    expect(fileIds()).toEqual(allIds());
    expect(final).toMatchObject({ state: 'completed', jobId: 'job-1', conversationsWritten: 23 });
    expect(jobs.calls.filter((c) => c === 'create')).toHaveLength(1);
  });

  it('creates the job again when it is gone and skips the conversations already written', async () => {
    await expect(
      run(
        fresh(),
        stopBefore((c) => c.pagesWritten === 3),
      ),
    ).rejects.toThrow('killed');
    jobs.lose('job-1');

    const final = await run((await store.load('exp'))!);
    expect(fileIds()).toEqual(allIds());
    expect(final).toMatchObject({ state: 'completed', jobId: 'job-2', conversationsWritten: 23, skipRemaining: 0 });
    expect(jobs.calls.filter((c) => c === 'create')).toHaveLength(2);
    expect(await metric('exporter_jobs_recreated_total')).toBe(1);
  });

  it('fails instead of writing twice when the new job lists the conversations in another order', async () => {
    await expect(
      run(
        fresh(),
        stopBefore((c) => c.pagesWritten === 3),
      ),
    ).rejects.toThrow('killed');
    jobs.lose('job-1');
    jobs.conversations = [...jobs.conversations].reverse();

    const final = await run((await store.load('exp'))!);
    expect(final.state).toBe('failed');
    expect(final.error).toContain('c-0010');
    expect(fileIds()).toEqual(conversations(10).map((c) => c.conversationId));
  });

  it('rides out transient failures after the caller gave up, and fails after too many in a row', async () => {
    jobs.failNext('results', new HttpStatusError(503, 'down'), new HttpStatusError(429, 'slow down'));
    expect((await run(fresh())).state).toBe('completed');
    expect(fileIds()).toEqual(allIds());

    jobs.failNext('results', ...[1, 2, 3].map(() => new HttpStatusError(503, 'down')));
    const failed = await run({ ...fresh(), exportId: 'exp' });
    expect(failed).toMatchObject({ state: 'failed', error: 'down' });
  });

  it('fails (and checkpoints the failure) when the file holds less than its checkpoint says', async () => {
    const final = await run({ ...fresh(), jobId: 'job-9', pagesWritten: 1, conversationsWritten: 5, byteOffset: 500 });
    expect(final).toMatchObject({ state: 'failed', conversationsWritten: 5 });
    expect(final.error).toContain('checkpoint says 500');
    expect((await store.load('exp'))?.state).toBe('failed');
    expect(jobs.calls).toEqual([]);
  });

  it('fails the export when the job FAILED, without creating another', async () => {
    jobs.endState = 'FAILED';
    const final = await run(fresh());
    expect(final).toMatchObject({ state: 'failed', conversationsWritten: 0 });
    expect(final.error).toContain('FAILED');
    expect(jobs.calls.filter((c) => c === 'create')).toHaveLength(1);
  });
});
