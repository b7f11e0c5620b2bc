import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { loadConfig } from './config.js';
import type { ServiceContext } from './context.js';
import { runService } from './run.js';

/** What an app's `buildApp(config)` returns for `serve` to run it. */
export interface ServiceParts {
  app: FastifyInstance;
  ctx: ServiceContext;
  /** Work that must finish before the port opens (e.g. resuming checkpointed exports). */
  prepare?(): Promise<void>;
  /** Background work (workers, timers), started once the service listens. */
  startWork?(): void;
  /** Stops that work on shutdown, before the context closes. */
  stopWork?(): Promise<void>;
}

export interface ServeOptions {
  env?: NodeJS.ProcessEnv;
  /** Where a bad configuration is reported before exit(1) (default: stderr). */
  report?: (message: string) => void;
}

/**
 * A service's whole main.ts: parse the config once (a bad value prints the variable's name and exits 1), build,
 * prepare, listen on SERVICE_HOST:SERVICE_PORT with runService's graceful shutdown, then start background work.
 */
export async function serve<S extends z.ZodType<{ SERVICE_HOST: string; SERVICE_PORT: number }>>(
  schema: S,
  buildApp: (config: z.infer<S>) => Promise<ServiceParts>,
  { env = process.env, report = (message) => console.error(message) }: ServeOptions = {},
): Promise<void> {
  let config: z.infer<S>;
  try {
    config = loadConfig(schema, env);
  } catch (error) {
    report((error as Error).message);
    process.exit(1);
  }
  const service = await buildApp(config);
  await service.prepare?.();
  await runService({
    app: service.app,
    ctx: service.ctx,
    host: config.SERVICE_HOST,
    port: config.SERVICE_PORT,
    ...(service.stopWork ? { stopWork: service.stopWork } : {}),
  });
  service.startWork?.();
}
