import { loadConfigOrExit, serveUntilSignal } from '@lab/mock-kit';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

const config = loadConfigOrExit(loadConfig);
const { app } = await buildApp(config);
await serveUntilSignal(app, { host: config.SERVICE_HOST, port: config.SERVICE_PORT });
