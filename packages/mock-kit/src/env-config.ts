import { z } from 'zod';

/** A whole number from an environment string, within [min, max]. */
export const envInt = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/** pino levels, and `silent` for none. */
export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** The listen address every lab process reads, services and mocks alike; `port` is the topology's. */
export const listenAddress = (port: number) => ({
  SERVICE_HOST: z.string().min(1).default('127.0.0.1'),
  SERVICE_PORT: envInt(0, 65_535).default(port),
});

/**
 * Parses the variables of `env` that start with one of `prefixes` (SERVICE_, HTTP_ and TLS_ always: the listen
 * address, the server's timeouts, `httpServerShape` of @lab/http-edge, and the mTLS contract, its `tlsShape`); a bad value throws one
 * message naming every bad variable, headed by `app`.
 */
export function parseEnv<T extends z.ZodType>(
  schema: T,
  env: NodeJS.ProcessEnv,
  app: string,
  prefixes: readonly string[],
): z.infer<T> {
  const wanted = ['SERVICE_', 'HTTP_', 'TLS_', ...prefixes];
  const relevant = Object.fromEntries(Object.entries(env).filter(([key]) => wanted.some((p) => key.startsWith(p))));
  const result = schema.safeParse(relevant);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`invalid ${app} configuration:\n${lines.join('\n')}`);
}
