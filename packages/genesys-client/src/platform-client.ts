import { createRequire } from 'node:module';
import type PlatformClientModule from 'purecloud-platform-client-v2';

/**
 * The official SDK, loaded with require(), not `import`. Its Node entry is one CommonJS file of 3.9 MB, and Node's
 * ESM loader, importing a CommonJS module, keeps more copies of its source than require() does (the process's
 * `v8.getHeapCodeStatistics().external_script_source_size` 11.0 MiB against 3.6 MiB, RSS 92 MiB against 85 MiB with
 * nothing else loaded; issue 12, README). The module is the same one, from the same require cache, so an `import` of
 * it elsewhere in the process gets this very object.
 */
export const platformClient: typeof PlatformClientModule = createRequire(import.meta.url)(
  'purecloud-platform-client-v2',
);
