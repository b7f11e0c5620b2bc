export { buildApp, type MockApp } from './app.js';
export { API_FAMILIES, type ApiFamily, loadConfig, type MockConfig } from './config.js';
export type { MockContext } from './context.js';
