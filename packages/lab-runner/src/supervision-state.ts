import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningProcess, SupervisionEvent } from './process.js';

/** What a supervised lab writes to `<state dir>/supervision.json` for `lab status` (another process) to read. */
export interface SupervisionState {
  updatedAt: string;
  processes: { name: string; pid: number; restarts: number; lastEvent?: string }[];
}

const FILE = 'supervision.json';

/** One line for the runner's log and `lab status`. */
export function describeEvent(event: SupervisionEvent): string {
  switch (event.type) {
    case 'exited': {
      const how = event.signal ? `killed by ${event.signal}` : `exited with ${event.code}`;
      return `${event.name} (pid ${event.pid}) ${how}: restarting in ${event.restartInMs} ms`;
    }
    case 'restarted':
      return `${event.name} restarted (pid ${event.pid}, restart #${event.restarts})`;
    case 'restart-failed':
      return `${event.name} did not restart: ${event.error}; trying again in ${event.restartInMs} ms`;
  }
}

/** Keeps `<stateDir>/supervision.json` current: call `write` after each start and each supervision event. */
export function supervisionStateWriter(stateDir: string) {
  const last = new Map<string, string>();
  return {
    note(event: SupervisionEvent) {
      last.set(event.name, `${new Date().toISOString()} ${describeEvent(event)}`);
    },
    write(processes: RunningProcess[]) {
      const state: SupervisionState = {
        updatedAt: new Date().toISOString(),
        processes: processes.map((p) => ({
          name: p.name,
          pid: p.pid,
          restarts: p.restarts,
          ...(last.has(p.name) ? { lastEvent: last.get(p.name) } : {}),
        })),
      };
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(join(stateDir, FILE), `${JSON.stringify(state, null, 2)}\n`);
    },
  };
}

/** The state a running lab wrote, or undefined when no supervised lab ran on this state dir. */
export function readSupervisionState(stateDir: string): SupervisionState | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDir, FILE), 'utf8')) as SupervisionState;
  } catch {
    return undefined;
  }
}

/** Forgets the state of a lab that stopped, so that `lab status` never reports a dead lab's restarts. */
export function clearSupervisionState(stateDir: string): void {
  rmSync(join(stateDir, FILE), { force: true });
}
