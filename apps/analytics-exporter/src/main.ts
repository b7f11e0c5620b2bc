import { serve } from '@lab/service-kit';
import { buildApp } from './app.js';
import { exporterConfigSchema } from './config.js';

await serve(exporterConfigSchema, buildApp);
