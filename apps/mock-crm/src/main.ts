import { loadConfigOrExit, serveUntilSignal } from '@lab/mock-kit';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfigOrExit(loadConfig);
const { app } = await buildApp(config);
await serveUntilSignal(app, { host: config.CRM_HOST, port: config.CRM_PORT });
