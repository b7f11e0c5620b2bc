import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');

/** Runs the review CLI to its end (bounded), with the lab state in a fresh folder. */
function review(args: string[], timeoutMs = 170_000): Promise<{ code: number | null; out: string }> {
  const state = mkdtempSync(join(tmpdir(), 'review-state-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, LAB_STATE_DIR: state } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`review did not finish in ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

// A port offset of its own per test, away from the default lab and the usual offsets (1000, 2000), and low
// enough that the lab's ports stay under the ephemeral range.
const offset = () => String(5_000 + Math.floor(Math.random() * 80) * 100);

/** Runs the review with its own lab; another offset when a port of the drawn one is taken (that is not under test). */
async function reviewOnOwnLab(args: string[]): Promise<{ code: number | null; out: string }> {
  for (let attempt = 1; ; attempt++) {
    const run = await review(['--start-lab', '--port-offset', offset(), ...args]);
    if (!/is already taken/.test(run.out) || attempt === 3) return run;
  }
}

describe('npm run review', () => {
  it('passes on the resilient lab, with both sides in the journal, the report and JUnit', async () => {
    const out = mkdtempSync(join(tmpdir(), 'review-out-'));
    const run = await reviewOnOwnLab(['--seed', '7', '--out', out]);
    expect(run.out).toContain('seed 7');
    expect(run.code, run.out).toBe(0);
    const journal = JSON.parse(readFileSync(join(out, 'journal.json'), 'utf8'));
    expect(journal.verdict).toBe('passed');
    const fallback = journal.experiments.find((e: { name: string }) => e.name === 'fallback-executes');
    expect(fallback.resilient.deviated).toBe(false);
    expect(fallback.naive.deviated).toBe(true);
    const named = (name: string) => journal.experiments.find((e: { name: string }) => e.name === name);
    // The resilient side waits the 429's Retry-After on the mock's own timeline (the slack: ms past the reset).
    const retryAfter = named('retry-after-honoured');
    expect(retryAfter.resilient.deviated).toBe(false);
    const slack = retryAfter.resilient.steady_states.during.probes.find(
      (p: { name: string }) => p.name === 'no-request-before-the-reset',
    );
    expect(slack.value).toBeGreaterThanOrEqual(-10);
    // After the maintenance window every service is back, and the notification socket reconnected.
    const maintenance = named('maintenance-window');
    expect(maintenance.resilient.deviated).toBe(false);
    const reconnected = maintenance.resilient.steady_states.during.probes.find(
      (p: { name: string }) => p.name === 'notification-socket-reconnected',
    );
    expect(reconnected.value).toBeGreaterThanOrEqual(1);
    // While crm-sync's breaker is open no burst reaches the mock CRM; the naive copy sends every request on.
    const recovery = named('recovery-half-open');
    expect(recovery.resilient.deviated).toBe(false);
    expect(recovery.naive.failed).toContain('during: one-probe-at-a-time-while-open');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('testcase');
    expect(readFileSync(join(out, 'fallback-executes.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain(
      '| fallback-executes | **verdict** | **held** | deviated |',
    );
  }, 180_000);

  it('fails when crm-sync runs naive, naming the hypothesis that failed', async () => {
    const out = mkdtempSync(join(tmpdir(), 'review-out-'));
    const run = await reviewOnOwnLab(['fallback-executes', '--lab-naive', 'crm-sync', '--no-naive', '--out', out]);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain('DEVIATED: during: every-request-answered');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('fallback-during-outage');
  }, 180_000);

  it('names a malformed experiment file in one line and exits non-zero', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'review-bad-'));
    writeFileSync(join(dir, 'broken.yaml'), 'name: broken\ntitle: x\ndescription: x\ntarget: crm-sync\nmethod: []\n');
    const run = await review(['--experiments', dir]);
    expect(run.code).toBe(2);
    expect(run.out.trim()).toMatch(/^review: experiment .*broken\.yaml is malformed: (steady-state-hypothesis|method)/);
  });

  it('names an unknown experiment', async () => {
    const run = await review(['no-such-experiment']);
    expect(run.code).toBe(2);
    expect(run.out.trim()).toMatch(/^review: unknown experiment "no-such-experiment"; known: .*latency-sla/);
  });

  it('says the lab is not up, without touching anything', async () => {
    const run = await review(['latency-sla', '--port-offset', '39000']);
    expect(run.code).toBe(2);
    expect(run.out.trim()).toMatch(/^review: the lab is not up \(toxiproxy on port 57474 does not answer\)/);
  });

  it('says which port is taken before starting a lab', async () => {
    const at = Number(offset());
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(18_474 + at, '127.0.0.1', resolve));
    try {
      const run = await review(['latency-sla', '--start-lab', '--port-offset', String(at)]);
      expect(run.code).toBe(2);
      expect(run.out.trim()).toBe(`review: port ${18_474 + at} is already taken; pick another --port-offset`);
    } finally {
      blocker.close();
    }
  });
});
