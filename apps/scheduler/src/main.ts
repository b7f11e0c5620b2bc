import { loadConfig, runService } from '@lab/service-kit';
import { buildApp } from './app.js';
import { type SchedulerConfig, schedulerConfigSchema } from './config.js';

let config: SchedulerConfig;
try {
  config = loadConfig(schedulerConfigSchema);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const { app, ctx, start, stop } = await buildApp(config);
await runService({ app, ctx, host: config.SERVICE_HOST, port: config.SERVICE_PORT, stopWork: stop });
start();
