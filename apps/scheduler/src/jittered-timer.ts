/** `intervalMs` spread uniformly over intervalMs × (1 ± jitter); `random` in [0, 1). */
export function jitteredDelayMs(intervalMs: number, jitter: number, random: () => number = Math.random): number {
  return Math.round(intervalMs * (1 + jitter * (2 * random() - 1)));
}

export interface JitteredTimerOptions {
  intervalMs: number;
  /** Share of the interval each delay may move either way (0 ≤ jitter < 1). */
  jitter: number;
  /** Runs at start and after every delay. It is not awaited: a long tick never delays the next one. */
  tick: () => void;
  random?: () => number;
}

/**
 * Calls `tick` at start, then again after each jittered delay, until stopped. A chain of timeouts rather than
 * setInterval, so that every delay is drawn anew and replicas started together drift apart.
 */
export class JitteredTimer {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly options: JitteredTimerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.fire();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    if (!this.running) return;
    const { intervalMs, jitter, random } = this.options;
    this.timer = setTimeout(() => this.fire(), jitteredDelayMs(intervalMs, jitter, random));
    this.options.tick();
  }
}
