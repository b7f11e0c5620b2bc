export { buildApp, type CrmApp } from './app.js';
export { type CrmConfig, configSchema, loadConfig } from './config.js';
export type { CrmDeps } from './context.js';
export { type Customer, customerFor, type Tier } from './customers.js';
export type { ErrorBody } from './http-error.js';
