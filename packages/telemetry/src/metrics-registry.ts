import { collectDefaultMetrics, type OpenMetricsContentType, Registry } from 'prom-client';

export interface MetricsRegistryOptions {
  /** Default Node.js process metrics (process_*, nodejs_*); default true. */
  defaultMetrics?: boolean;
}

/**
 * A fresh prom-client Registry for one app, speaking OpenMetrics (the format that carries exemplars). Serve it
 * with `content-type: registry.contentType` and body `await registry.metrics()`.
 */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry<OpenMetricsContentType> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  return registry;
}
