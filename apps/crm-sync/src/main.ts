import { loadConfig, runService } from '@lab/service-kit';
import { buildApp } from './app.js';
import { crmSyncConfigSchema } from './config.js';

let config: ReturnType<typeof crmSyncConfigSchema.parse>;
try {
  config = loadConfig(crmSyncConfigSchema);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const { app, ctx } = await buildApp(config);
await runService({ app, ctx, host: config.SERVICE_HOST, port: config.SERVICE_PORT });
