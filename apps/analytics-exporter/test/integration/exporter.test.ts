import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockAdmin, mockAdmin, sumOf } from '@lab/lab-client';
import { mockGenesysToken, type RunningLab } from '@lab/lab-runner';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectedIds, exportStatus, fileIds, json, startExporterLab } from './lab.js';

// Real processes on 127.0.0.1: redis-server, mock-genesys (600 conversations over a week, jobs FULFILLED after
// 500 ms) behind Toxiproxy, and the built exporter. Run `npm run build` first.
const WEEK = '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z';
const RESULTS_ROUTE = '/api/v2/analytics/conversations/details/jobs/:jobId/results';
let lab: RunningLab;
let admin: MockAdmin;
let mockUrl = '';
let expected: string[];

beforeAll(async () => {
  // Exact data: the pinned week (WEEK); live traffic runs today, outside it.
  lab = await startExporterLab({
    MOCK_DATA_CONVERSATIONS: '600',
    MOCK_JOB_DELAY_MS: '500',
    MOCK_DATA_START: '2026-11-01T00:00:00.000Z',
  });
  mockUrl = lab.url('mock-genesys');
  admin = mockAdmin(mockUrl);
  const reference = await expectedIds(mockUrl, WEEK);
  expect(reference.totalHits).toBe(600);
  expect(reference.ids).toHaveLength(reference.totalHits);
  expected = [...reference.ids].sort();
});
afterAll(async () => {
  await lab?.stop();
});
beforeEach(async () => {
  await admin.reset();
});

/** A fresh exporter on its own port and directory. */
async function exporter(dir = mkdtempSync(join(tmpdir(), 'exports-'))) {
  return { app: await lab.startService('analytics-exporter', { env: { EXPORT_DIR: dir } }), dir };
}

/** The sum of a mock-genesys counter over the samples with these labels. */
const mockCounter = async (name: string, labels: Record<string, string>) => sumOf(await admin.metrics(), name, labels);

const start = (url: string, body: Record<string, unknown>) =>
  json<{ exportId: string; status: string }>(`${url}/exports`, { method: 'POST', body: JSON.stringify(body) });

/** An exporter killed (-9) after three pages of a week's export; results pages are slowed so the kill lands mid-way. */
async function killedMidExport() {
  await admin.addFault({ type: 'slow', target: { route: RESULTS_ROUTE }, delayMs: 150 });
  const first = await exporter();
  const { exportId } = await start(first.app.url, { interval: WEEK, pageSize: 50 });
  const before = await exportStatus(first.app.url, exportId, (s) => s.pagesWritten >= 3);
  await first.app.kill();
  return { first, exportId, before };
}

/** The file holds exactly the conversations the details query reports for the interval: none missing, none twice. */
function expectExactlyOnce(file: string) {
  const ids = fileIds(file);
  expect(ids).toHaveLength(expected.length);
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(expected);
}

describe('analytics-exporter against mock-genesys', () => {
  it('exports a week, 50 per page, exactly the conversations the details query counts', async () => {
    const deletes = () => mockCounter('mock_genesys_requests_total', { method: 'DELETE', status: '202' });
    const deletedBefore = await deletes();
    const { app } = await exporter();
    const { exportId, status } = await start(app.url, { interval: WEEK, pageSize: 50 });
    expect(status).toBe('running');
    const done = await exportStatus(app.url, exportId, (s) => s.state === 'completed');
    expect(done).toMatchObject({ pagesWritten: 12, conversationsWritten: 600 });
    expectExactlyOnce(done.file);
    const checkpoint = JSON.parse(readFileSync(done.file.replace(/\.ndjson$/, '.checkpoint.json'), 'utf8'));
    expect(checkpoint).toMatchObject({ state: 'completed', resultsDone: true, jobId: done.jobId });
    // The job was deleted once the file was complete.
    expect(await deletes()).toBe(deletedBefore + 1);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/exporter_conversations_written_total 600/);
    expect(metrics).toMatch(/exporter_exports_total\{outcome="completed"\} 1/);
    await app.stop();
  });

  it('resumes after kill -9 mid-export and ends with every conversation exactly once', async () => {
    const { first, exportId, before } = await killedMidExport();
    expect(before.state).toBe('running');

    // The same exporter again: same port, same EXPORT_DIR.
    await first.app.restart();
    const second = first;
    const done = await exportStatus(second.app.url, exportId, (s) => s.state === 'completed');
    expect(done).toMatchObject({ conversationsWritten: 600, jobId: before.jobId, resumes: 1 });
    expectExactlyOnce(done.file);
    expect(await (await fetch(`${second.app.url}/metrics`)).text()).toMatch(/exporter_resumed_total 1/);
    await second.app.stop();
  });

  it('when the job is gone after the crash, creates it again and skips what the file holds', async () => {
    const { first, exportId, before } = await killedMidExport();
    // The platform forgets the job while the exporter is down (the mock's own DELETE, as a cleanup job would).
    await deleteJob(before.jobId as string);

    await first.app.restart();
    const second = first;
    const done = await exportStatus(second.app.url, exportId, (s) => s.state === 'completed');
    expect(done.jobId).not.toBe(before.jobId);
    expectExactlyOnce(done.file);
    expect(await (await fetch(`${second.app.url}/metrics`)).text()).toMatch(/exporter_jobs_recreated_total 1/);
    await second.app.stop();
  });

  it('completes with every conversation once while the mock answers 30 % of analytics calls with 429', async () => {
    await admin.addFault({
      type: 'error-rate',
      target: { family: 'analytics' },
      rate: 0.3,
      status: 429,
      retryAfterSeconds: 1,
    });
    const before429 = await mockCounter('mock_genesys_requests_total', { status: '429' });
    const { app } = await exporter();
    const { exportId } = await start(app.url, { interval: WEEK, pageSize: 50 });
    const done = await exportStatus(app.url, exportId, (s) => s.state === 'completed', 55_000);
    expectExactlyOnce(done.file);
    expect(await mockCounter('mock_genesys_requests_total', { status: '429' })).toBeGreaterThan(before429);
    expect(await mockCounter('mock_genesys_faults_injected_total', { kind: 'error-rate' })).toBeGreaterThan(0);
    // The exporter saw them too, and retried them (Retry-After honoured by the genesys caller).
    expect(await (await fetch(`${app.url}/metrics`)).text()).toMatch(
      /lab_dependency_retries_total\{[^}]*reason="http-429"[^}]*\} [1-9]/,
    );
    await app.stop();
  }, 60_000);
});

async function deleteJob(jobId: string) {
  const token = await mockGenesysToken(mockUrl);
  const res = await fetch(`${mockUrl}/api/v2/analytics/conversations/details/jobs/${jobId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(202);
}
