import { type EventOf, type ResilienceEvent, ResilienceEvents, type ResilienceEventType } from '../src/events.js';

/** A ResilienceEvents that keeps what was emitted, for assertions. */
export function recorder() {
  const events = new ResilienceEvents();
  const seen: ResilienceEvent[] = [];
  events.on((event) => seen.push(event));
  const of = <T extends ResilienceEventType>(type: T): EventOf<T>[] =>
    seen.filter((event): event is EventOf<T> => event.type === type);
  return { events, seen, of };
}

/** A call that never settles until its signal aborts (then it rejects like fetch does). */
export function hanging<T>(signal: AbortSignal): Promise<T> {
  return new Promise<T>((_, reject) => {
    signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })), {
      once: true,
    });
  });
}

/** A promise and its resolve/reject, to settle a call when the test says so. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
