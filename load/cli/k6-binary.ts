import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readToolVersions, toolPaths } from '@lab/toolchain';

/** The major version in `k6 version` output ("k6 v2.2.0 (...)" -> 2), or undefined. */
export function k6Major(versionOutput: string): number | undefined {
  const match = /\bv(\d+)\.\d+\.\d+/.exec(versionOutput);
  return match ? Number(match[1]) : undefined;
}

/**
 * The k6 to run: the one the set-up built from its pinned module, else a `k6` on PATH of the same major version.
 * k6 is AGPL-3.0: the lab runs it as a separate program and links none of its code.
 */
export function findK6(env: NodeJS.ProcessEnv = process.env): string {
  const built = toolPaths(env).k6;
  if (existsSync(built)) return built;
  const wanted = k6Major(readToolVersions().K6_VERSION);
  try {
    const found = execFileSync('k6', ['version'], { encoding: 'utf8', env });
    if (k6Major(found) === wanted) return 'k6';
    throw new Error(`the k6 on PATH is "${found.trim()}", not v${wanted}.x`);
  } catch (error) {
    throw new Error(
      `no k6 v${wanted}.x: ${(error as Error).message}; run \`bash packages/toolchain/bin/setup.sh\` to build it`,
    );
  }
}
