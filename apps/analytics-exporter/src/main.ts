import { loadConfig, runService } from '@lab/service-kit';
import { buildApp } from './app.js';
import { type ExporterConfig, exporterConfigSchema } from './config.js';
import { startSchedule } from './schedule.js';

let config: ExporterConfig;
try {
  config = loadConfig(exporterConfigSchema);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const { app, ctx, exports } = await buildApp(config);
// Resume every export whose checkpoint is not completed before serving, so GET /exports/:id knows them at once.
await exports.start();
const stopSchedule =
  config.EXPORT_SCHEDULE_SECONDS > 0
    ? startSchedule({ seconds: config.EXPORT_SCHEDULE_SECONDS, manager: exports, logger: ctx.logger })
    : () => {};
await runService({
  app,
  ctx,
  host: config.SERVICE_HOST,
  port: config.SERVICE_PORT,
  stopWork: async () => {
    stopSchedule();
    await exports.stop();
  },
});
