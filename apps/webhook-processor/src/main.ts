import { serve } from '@lab/service-kit';
import { buildApp } from './app.js';
import { webhookProcessorConfigSchema } from './config.js';

await serve(webhookProcessorConfigSchema, buildApp);
