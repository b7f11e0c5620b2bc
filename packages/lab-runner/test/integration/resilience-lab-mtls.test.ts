// The whole-lab end-to-end tests of resilience-lab.test.ts, again in the mTLS profile (docs/mtls.md): issue 11
// asks that the lab pass its end-to-end tests there too, so CI runs both. The suite reads LAB_MTLS when it is
// loaded; vitest gives each test file its own module graph, so setting it here changes only this file's run.
process.env.LAB_MTLS = '1';
await import('./resilience-lab.test.js');
