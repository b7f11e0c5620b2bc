import { defineConfig } from 'vitest/config';

// One config, two projects: fast unit tests beside the code, and integration tests that start real processes
// (Toxiproxy, the mock API) on 127.0.0.1. Integration files run one at a time: the machine has 2 cores.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{apps,packages}/*/src/**/*.test.ts', 'load/cli/**/*.test.ts', 'dashboards/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: [
            '{apps,packages}/*/test/integration/**/*.test.ts',
            'load/test/integration/**/*.test.ts',
            'dashboards/test/integration/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
