import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/**
 * CPU seconds a process has used in user space and in the kernel, all its threads, from /proc/<pid>/stat. User time
 * is the process's own work; on loopback benchmarks the kernel's share moves between sender and receiver with the
 * load, so the split says more than the sum.
 */
export function cpuTimesOf(pid: number): { user: number; system: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime, stime (fields 14 and 15 of proc(5)), in ticks of USER_HZ, which is 100 on Linux
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/**
 * CPU seconds (user + system) a process has used, all its threads. CPU per request is a steadier figure than
 * requests/s on a shared machine: waiting for a core costs wall time, not CPU time.
 */
export function cpuSecondsOf(pid: number): number {
  const { user, system } = cpuTimesOf(pid);
  return user + system;
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
