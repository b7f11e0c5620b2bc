export type { ErrorBody } from '@lab/mock-kit';
export { buildApp, type NotifierApp } from './app.js';
export { configSchema, loadConfig, type NotifierConfig } from './config.js';
export type { NotifierDeps } from './context.js';
export type { DeliverySummary } from './deliveries.js';
