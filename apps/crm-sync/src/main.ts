import { serve } from '@lab/service-kit';
import { buildApp } from './app.js';
import { crmSyncConfigSchema } from './config.js';

await serve(crmSyncConfigSchema, buildApp);
