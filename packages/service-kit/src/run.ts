import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from './context.js';

export interface RunOptions {
  app: FastifyInstance;
  ctx: ServiceContext;
  host: string;
  port: number;
  /** Stops the service's own background work (workers, timers) before the context closes. */
  stopWork?: () => Promise<void>;
}

/**
 * Listens, then owns graceful shutdown (the only SIGINT/SIGTERM handler): stop taking requests, stop background
 * work, close policies and Redis, flush telemetry (bounded), exit.
 */
export async function runService({ app, ctx, host, port, stopWork }: RunOptions): Promise<void> {
  await app.listen({ host, port });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ctx.logger.info({ signal }, 'shutting down');
    try {
      await app.close();
      await stopWork?.();
      await ctx.close();
      const telemetry = (await import('@lab/telemetry/instrumentation')) as { shutdownTelemetry?: () => Promise<void> };
      await Promise.race([telemetry.shutdownTelemetry?.(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
      process.exit(0);
    } catch (error) {
      ctx.logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
