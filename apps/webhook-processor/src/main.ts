import { loadConfig, runService } from '@lab/service-kit';
import { buildApp } from './app.js';
import { type WebhookProcessorConfig, webhookProcessorConfigSchema } from './config.js';

let config: WebhookProcessorConfig;
try {
  config = loadConfig(webhookProcessorConfigSchema);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const service = await buildApp(config);
await runService({
  app: service.app,
  ctx: service.ctx,
  host: config.SERVICE_HOST,
  port: config.SERVICE_PORT,
  stopWork: service.stopWork,
});
service.startWork();
