import { AsyncLocalStorage } from 'node:async_hooks';
import type PlatformClient from 'purecloud-platform-client-v2';
import { platformClient } from './platform-client.js';

/**
 * The SDK's own axios-based HTTP client, plus cancellation. The SDK's API methods take no AbortSignal and its
 * request options have no field for one, but every request goes synchronously through `toAxiosConfig()`: the
 * caller's signal travels there in an AsyncLocalStorage set around the SDK call, and axios aborts the request
 * (socket closed) when it fires. One store per client instance; nothing module-level.
 */
export class SignalHttpClient extends platformClient.DefaultHttpClient {
  private readonly signals = new AsyncLocalStorage<AbortSignal>();

  /** Runs `fn` (an SDK call) so that the request it sends is aborted by `signal`; without one, with none. */
  withSignal<T>(signal: AbortSignal | undefined, fn: () => T): T {
    return signal ? this.signals.run(signal, fn) : this.signals.exit(fn);
  }

  override toAxiosConfig(options: PlatformClient.HttpRequestOptions) {
    const config = super.toAxiosConfig(options) as Record<string, unknown>;
    const signal = this.signals.getStore();
    if (signal) config.signal = signal;
    return config;
  }
}
