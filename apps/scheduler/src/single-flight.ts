/**
 * At most one run at a time inside this process: `run` starts `work` only if nothing is running, and answers
 * undefined (without calling it) otherwise. Across replicas, see RedisLock.
 */
export class SingleFlight<T> {
  private current: Promise<T> | undefined;

  get busy(): boolean {
    return this.current !== undefined;
  }

  /** The run in progress, to await it (shutdown). */
  get inFlight(): Promise<T> | undefined {
    return this.current;
  }

  run(work: () => Promise<T>): Promise<T> | undefined {
    if (this.current) return undefined;
    const running = (async () => {
      try {
        return await work();
      } finally {
        this.current = undefined;
      }
    })();
    this.current = running;
    return running;
  }
}
