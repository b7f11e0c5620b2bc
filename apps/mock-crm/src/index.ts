export type { ErrorBody } from '@lab/mock-kit';
export { buildApp, type CrmApp } from './app.js';
export { type CrmConfig, configSchema, loadConfig } from './config.js';
export type { CrmDeps } from './context.js';
export { type Customer, customerFor, type Tier } from './customers.js';
