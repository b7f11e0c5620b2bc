import { serve } from '@lab/service-kit';
import { buildApp } from './app.js';
import { schedulerConfigSchema } from './config.js';

await serve(schedulerConfigSchema, buildApp);
