import { buildApp } from './app.js';
import { type CrmConfig, loadConfig } from './config.js';

let config: CrmConfig;
try {
  config = loadConfig();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

const { app } = await buildApp(config);
await app.listen({ host: config.CRM_HOST, port: config.CRM_PORT });

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
