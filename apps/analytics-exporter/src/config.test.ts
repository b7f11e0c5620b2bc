import { join } from 'node:path';
import { loadConfig } from '@lab/service-kit';
import { describe, expect, it } from 'vitest';
import { exporterConfigSchema } from './config.js';

describe('exporterConfigSchema', () => {
  it('defaults to the lab topology and <repo>/.lab/exports', () => {
    const config = loadConfig(exporterConfigSchema, {});
    expect(config).toMatchObject({
      SERVICE_PORT: 18_101,
      GENESYS_URL: 'http://127.0.0.1:18201',
      EXPORT_MAX_RUNNING: 2,
      EXPORT_SCHEDULE_SECONDS: 0,
    });
    expect(config.EXPORT_DIR).toBe(join(import.meta.dirname, '..', '..', '..', '.lab', 'exports'));
  });

  it('resolves a relative EXPORT_DIR and names each bad variable', () => {
    expect(loadConfig(exporterConfigSchema, { EXPORT_DIR: 'out' }).EXPORT_DIR).toBe(join(process.cwd(), 'out'));
    expect(() => loadConfig(exporterConfigSchema, { EXPORT_PAGE_SIZE: '5000', EXPORT_MAX_RUNNING: '0' })).toThrow(
      /EXPORT_PAGE_SIZE[\s\S]*EXPORT_MAX_RUNNING|EXPORT_MAX_RUNNING[\s\S]*EXPORT_PAGE_SIZE/,
    );
    expect(() => loadConfig(exporterConfigSchema, { EXPORT_POLL_MIN_MS: '900', EXPORT_POLL_MAX_MS: '100' })).toThrow(
      'EXPORT_POLL_MIN_MS: must not exceed EXPORT_POLL_MAX_MS',
    );
  });
});
