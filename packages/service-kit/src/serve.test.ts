import fastify from 'fastify';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { ServiceContext } from './context.js';
import { type ServiceParts, serve } from './serve.js';

const schema = z.object({
  SERVICE_HOST: z.string().default('127.0.0.1'),
  SERVICE_PORT: z.coerce.number().int().min(0).max(65_535),
});

const signals = ['SIGINT', 'SIGTERM'] as const;
const before = Object.fromEntries(signals.map((s) => [s, process.listeners(s)]));
afterEach(() => {
  // serve() installs the service's shutdown handlers; leave the test process as it was.
  for (const s of signals) for (const l of process.listeners(s)) if (!before[s]?.includes(l)) process.off(s, l);
  vi.restoreAllMocks();
});

describe('serve', () => {
  it('exits 1 on a bad config, naming the variable, without building the app', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => {
      throw new Error('exit');
    });
    const report = vi.fn();
    const build = vi.fn();
    await expect(serve(schema, build, { env: { SERVICE_PORT: 'eighty' }, report })).rejects.toThrow('exit');
    expect(exit).toHaveBeenCalledWith(1);
    expect(report.mock.calls[0]?.[0]).toMatch(/SERVICE_PORT/);
    expect(build).not.toHaveBeenCalled();
  });

  it('prepares before listening on SERVICE_HOST:SERVICE_PORT, then starts the background work', async () => {
    const app = fastify();
    app.get('/healthz', async () => ({ ok: true }));
    const order: string[] = [];
    const ctx = { logger: pino({ level: 'silent' }), close: async () => {} } as unknown as ServiceContext;
    const parts: ServiceParts = {
      app,
      ctx,
      prepare: async () => {
        order.push(`prepare listening=${app.server.listening}`);
      },
      startWork: () => order.push(`startWork listening=${app.server.listening}`),
    };
    try {
      await serve(
        schema,
        async (config) => {
          order.push(`build port=${config.SERVICE_PORT}`);
          return parts;
        },
        { env: { SERVICE_PORT: '0' } },
      );
      expect(order).toEqual(['build port=0', 'prepare listening=false', 'startWork listening=true']);
      const address = app.server.address();
      expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    } finally {
      await app.close();
    }
  });
});
