import { register } from 'import-in-the-middle/register-hooks.mjs';

let registered = false;

/**
 * Registers the ESM loader hooks (import-in-the-middle, limited to http/https) that let the http instrumentation
 * patch `import { request } from 'node:http'` too, in-thread (module.registerHooks). module.register's hooks run on
 * a loader thread of their own, which cost every traced service ~28 MiB of RSS and a round trip per module resolved
 * at start-up. Only module graphs loaded after this call are patched: instrumentation.ts calls it before it loads
 * the SDK. Idempotent.
 */
export function registerEsmHooks(): void {
  if (registered) return;
  registered = true;
  register({ include: ['http', 'https', 'node:http', 'node:https'] });
}
