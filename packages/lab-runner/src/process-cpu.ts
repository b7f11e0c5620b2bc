import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * CPU seconds (user + system) a process has used, all its threads, from /proc/<pid>/stat. CPU per request is a
 * steadier figure than requests/s on a shared machine: waiting for a core costs wall time, not CPU time.
 */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
  return ticks / 100; // USER_HZ is 100 on Linux
}

/**
 * Pins every thread of a process to the CPUs in `cpus` (taskset's list form, e.g. "0" or "1-3") with util-linux's
 * `taskset -a -p`. Threads the process starts afterwards inherit the set. For benchmarks that keep the load
 * generator off the server's cores.
 */
export function pinToCpus(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' });
}

/**
 * The benchmarks' core split: servers on CPU 0, the load generator on the others ("1" on a 2-core machine). Refuses
 * on one core, where there is nothing to split.
 */
export function benchCpuSplit(): { server: string; client: string } {
  const cores = availableParallelism();
  if (cores < 2) throw new Error(`--pin needs at least 2 cores; this machine has ${cores}`);
  return { server: '0', client: cores === 2 ? '1' : `1-${cores - 1}` };
}
