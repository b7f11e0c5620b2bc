// setup() and teardown() that every scenario shares: refuse to start when the lab is not up (one clear line),
// and remove every fault the run added, whatever happened in between (k6 runs teardown after failed thresholds
// and after Ctrl-C; only a second Ctrl-C skips it).
import exec from 'k6/execution';
import http from 'k6/http';
import { lab } from './config.ts';
import { listFaults, type MockName, removeFault } from './mock-admin.ts';
import { removeToxic, toxicsByProxy } from './toxiproxy.ts';

const MOCKS: MockName[] = ['genesys', 'crm', 'notifier'];

/** What was there before the run: teardown removes everything else. */
export interface LabSnapshot {
  toxics: Record<string, string[]>;
  faults: Record<MockName, string[]>;
  startedAt: number;
}

const HEALTH: Record<string, string> = {
  'crm-sync': `${lab.crmSync}/healthz`,
  'webhook-processor': `${lab.webhookProcessor}/healthz`,
  'analytics-exporter': `${lab.analyticsExporter}/healthz`,
  scheduler: `${lab.scheduler}/healthz`,
  'mock-genesys': `${lab.mockGenesys}/healthz`,
  'mock-crm': `${lab.mockCrm}/healthz`,
  'mock-notifier': `${lab.mockNotifier}/healthz`,
  toxiproxy: `${lab.toxiproxy}/version`,
};

/**
 * Aborts the run, naming what is down, unless every named part answers (the mocks and Toxiproxy always: a run
 * must be able to clean up). Answers the snapshot teardown() needs.
 */
export function requireLab(parts: string[]): LabSnapshot {
  const wanted = [...new Set([...parts, 'mock-genesys', 'mock-crm', 'mock-notifier', 'toxiproxy'])];
  const down = wanted.filter((part) => {
    const url = HEALTH[part];
    if (!url) exec.test.abort(`unknown lab part "${part}"`);
    const response = http.get(url!, { timeout: '3s', tags: { call: 'lab-check' } });
    return response.status !== 200;
  });
  if (down.length > 0) {
    exec.test.abort(
      `the lab is not up: ${down.map((p) => `${p} (${HEALTH[p]})`).join(', ')} did not answer; start it with \`npm run lab\``,
    );
  }
  return {
    toxics: toxicsByProxy(),
    faults: Object.fromEntries(MOCKS.map((m) => [m, listFaults(m).map((f) => f.id)])) as Record<MockName, string[]>,
    startedAt: Date.now(),
  };
}

/**
 * Removes every toxic and mock fault that is not in the snapshot, and re-enables every proxy. Goes on past a
 * removal that fails, so that one refusal leaves nothing else behind, then throws naming what is left.
 */
export function cleanUp(snapshot: LabSnapshot | undefined): void {
  if (!snapshot) return;
  const failures: string[] = [];
  const attempt = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (error) {
      failures.push(`${what}: ${(error as Error).message}`);
    }
  };
  attempt('toxiproxy', () => {
    for (const [proxy, names] of Object.entries(toxicsByProxy())) {
      for (const name of names) {
        if (!snapshot.toxics[proxy]?.includes(name)) attempt(`toxic ${name}`, () => removeToxic(proxy, name));
      }
      http.post(`${lab.toxiproxy}/proxies/${proxy}`, JSON.stringify({ enabled: true }), {
        tags: { call: 'toxiproxy' },
      });
    }
  });
  for (const mock of MOCKS) {
    attempt(`mock-${mock}`, () => {
      for (const fault of listFaults(mock)) {
        if (!snapshot.faults[mock].includes(fault.id)) attempt(`fault ${fault.id}`, () => removeFault(mock, fault.id));
      }
    });
  }
  if (failures.length > 0) throw new Error(`clean-up left something behind: ${failures.join('; ')}`);
}
