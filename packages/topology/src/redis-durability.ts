/**
 * How the lab's Redis keeps what it acknowledged (native runner and docker-compose both start it with these):
 * an append-only file, no RDB snapshots. Redis writes each command to the AOF (write(2), into the kernel's page
 * cache) before it sends the reply, so a kill of the Redis process, -9 included, takes nothing it acknowledged;
 * `everysec` fsyncs once a second in the background, so a power loss or kernel crash can take the last second or
 * two of writes. `always` (fsync before every reply) would close that window at the price of a disk flush per
 * write batch, which a lab on a laptop disk does not need to prove its point. See docs/durability.md.
 */
export const REDIS_DURABILITY_ARGS = ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''] as const;

/** The folder (under the lab's state dir) where the native lab's Redis keeps its append-only file. */
export const REDIS_DATA_DIR = 'redis';
