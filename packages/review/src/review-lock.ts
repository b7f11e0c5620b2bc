import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

/** Who holds the review lock: written beside it, so that a second review can say who it waits for. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
  command: string;
}

export class LockHeld extends Error {
  constructor(readonly holder: LockHolder | undefined) {
    super(
      holder
        ? `another review holds the lab (pid ${holder.pid} on ${holder.host} since ${holder.since}: ${holder.command})`
        : 'another review holds the lab',
    );
  }
}

/**
 * One review at a time per lab: a proper-lockfile lock on <stateDir>/review.lock (stale after 30 s without its
 * holder refreshing it, so a killed review does not block the next). `waitMs` > 0 waits for it.
 */
export async function acquireReviewLock(
  stateDir: string,
  options: { waitMs: number; command: string; onWait?: (holder: LockHolder | undefined) => void },
): Promise<() => Promise<void>> {
  mkdirSync(stateDir, { recursive: true });
  const target = join(stateDir, 'review.lock');
  const holderFile = join(stateDir, 'review.lock.holder.json');
  writeFileSync(target, '', { flag: 'a' });
  const holder = (): LockHolder | undefined => {
    try {
      return JSON.parse(readFileSync(holderFile, 'utf8')) as LockHolder;
    } catch {
      return undefined;
    }
  };
  const deadline = Date.now() + options.waitMs;
  let told = false;
  for (;;) {
    try {
      const release = await lockfile.lock(target, { stale: 30_000, update: 5_000, realpath: false });
      const me: LockHolder = {
        pid: process.pid,
        host: hostname(),
        since: new Date().toISOString(),
        command: options.command,
      };
      writeFileSync(holderFile, JSON.stringify(me));
      return release;
    } catch (error) {
      if ((error as { code?: string }).code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) throw new LockHeld(holder());
      if (!told) options.onWait?.(holder());
      told = true;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}
