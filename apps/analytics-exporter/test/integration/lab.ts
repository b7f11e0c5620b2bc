import { readFileSync } from 'node:fs';
import { mockGenesysToken, type RunningLab, startLab } from '@lab/lab-runner';
import { expect, vi } from 'vitest';

/**
 * The exporter's part of the lab on free ports: Redis and mock-genesys behind Toxiproxy. Each test starts its own
 * exporter (`lab.startService('analytics-exporter', {env: {EXPORT_DIR}})`).
 */
export function startExporterLab(mockEnv: Record<string, string>): Promise<RunningLab> {
  return startLab({
    onDemand: ['analytics-exporter'],
    env: {
      'mock-genesys': { MOCK_LOG_LEVEL: 'warn', ...mockEnv },
      'analytics-exporter': {
        LOG_LEVEL: 'info',
        EXPORT_POLL_MIN_MS: '100',
        EXPORT_POLL_MAX_MS: '500',
        EXPORT_JOB_MAX_WAIT_MS: '20000',
      },
    },
  });
}

export async function json<T = Record<string, unknown>>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** Every conversation id the mock's synchronous details query reports for `interval`, and its totalHits. */
export async function expectedIds(mockUrl: string, interval: string): Promise<{ ids: string[]; totalHits: number }> {
  const token = await mockGenesysToken(mockUrl);
  const ids: string[] = [];
  let totalHits = 0;
  for (let pageNumber = 1; pageNumber <= 100; pageNumber++) {
    const page = await json<{ conversations?: { conversationId: string }[]; totalHits: number }>(
      `${mockUrl}/api/v2/analytics/conversations/details/query`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ interval, paging: { pageSize: 100, pageNumber } }),
      },
    );
    totalHits = page.totalHits;
    if (!page.conversations) break;
    ids.push(...page.conversations.map((c) => c.conversationId));
  }
  return { ids, totalHits };
}

/** The conversation ids of an NDJSON export file, in file order (every line must parse). */
export function fileIds(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => (JSON.parse(line) as { conversationId: string }).conversationId);
}

/** What GET /exports/:id answers (the fields the tests read). */
export interface ExportStatusBody {
  exportId: string;
  state: 'running' | 'completed' | 'failed';
  jobId: string | null;
  pagesWritten: number;
  conversationsWritten: number;
  file: string;
  resumes: number;
  error?: string;
}

/** Polls GET /exports/:id until `until` holds (bounded); fails at once if the export failed. */
export async function exportStatus(
  exporterUrl: string,
  id: string,
  until: (s: ExportStatusBody) => boolean,
  timeout = 45_000,
): Promise<ExportStatusBody> {
  const status = await vi.waitFor(
    async () => {
      const current = await json<ExportStatusBody>(`${exporterUrl}/exports/${id}`);
      // A failed export ends the wait at once; the expectation below then names its error.
      if (current.state !== 'failed') expect(until(current), `export ${id}: ${JSON.stringify(current)}`).toBe(true);
      return current;
    },
    { timeout, interval: 20 },
  );
  expect(status.state, `export ${id} failed: ${status.error}`).not.toBe('failed');
  return status;
}
