import { type MockAdmin, sumOf } from '@lab/lab-client';
import { type RunningLab, startLab } from '@lab/lab-runner';
import { expect, vi } from 'vitest';

export const AGENT_SEARCH_ROUTE = '/api/v2/workforcemanagement/businessunits/:businessUnitId/agentschedules/search';

/** How many agent-schedule searches the mock has answered. */
export async function agentSearches(admin: MockAdmin): Promise<number> {
  return sumOf(await admin.metrics(), 'mock_genesys_requests_total', { route: AGENT_SEARCH_ROUTE });
}

/**
 * The scheduler's part of the lab on free ports: Redis, mock-genesys behind Toxiproxy, and `replicas` schedulers
 * (scheduler, scheduler-2, ...), each with its own REPLICA_ID, pulling only at start and when a test asks.
 */
export async function startSchedulerLab(replicas: number): Promise<RunningLab> {
  const lab = await startLab({
    onDemand: ['scheduler'],
    env: {
      'mock-genesys': { MOCK_LOG_LEVEL: 'warn', MOCK_DATA_USERS: '20', MOCK_DATA_CONVERSATIONS: '50' },
      scheduler: {
        PULL_INTERVAL_SECONDS: '3600',
        RESILIENCE_OVERRIDES: JSON.stringify({ genesys: { retry: { initialDelayMs: 50, maxDelayMs: 200 } } }),
      },
    },
  });
  try {
    for (let i = 1; i <= replicas; i++) {
      const instance = i === 1 ? 'scheduler' : `scheduler-${i}`;
      await lab.startService('scheduler', { instance, env: { REPLICA_ID: instance } });
    }
  } catch (error) {
    await lab.stop();
    throw error;
  }
  return lab;
}

/** GET /pulls/last. */
export interface PullsLast {
  running: boolean;
  last: { outcome: string; guard: string; startedAt: string; durationMs: number; error?: { reason: string } } | null;
  totals: Record<string, number>;
}

/** GET /schedules/current (200). */
export interface CurrentSchedule {
  businessUnitId: string;
  weekId: string;
  schedules: { id: string; weekDate: string }[];
  agentSchedules: { user: { id: string }; shifts: unknown[] }[];
  pulledAt: string;
  stale: boolean;
  lastError?: { call: string; reason: string };
}

/** GET a scheduler path as JSON, with its status, bounded in time. */
export async function getJson<T>(url: string, timeoutMs = 5_000): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: response.status, body: (await response.json()) as T };
}

/** POST /pulls on a scheduler. */
export async function triggerPull(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/pulls`, { method: 'POST', signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.json() };
}

/** Waits (bounded) for a pull that started at or after `since` to end on the scheduler at `url`. */
export function pullEndedSince(url: string, since: number, timeout = 20_000) {
  return vi.waitFor(
    async () => {
      const { body } = await getJson<PullsLast>(`${url}/pulls/last`);
      expect(body.running, `a pull running on ${url}`).toBe(false);
      expect(Date.parse(body.last?.startedAt ?? ''), `the last pull on ${url} started since`).toBeGreaterThanOrEqual(
        since,
      );
      return body.last as NonNullable<PullsLast['last']>;
    },
    { timeout, interval: 50 },
  );
}
