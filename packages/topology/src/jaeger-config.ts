import { Document, Scalar, YAMLSeq } from 'yaml';

/**
 * The configuration of a Jaeger v2 all-in-one (an OpenTelemetry Collector distribution) for the lab: traces in
 * memory, an OTLP receiver, and the query service (UI, /api/traces, /api/v3/traces). Every listener is bound to
 * `host` on the ports given, so that two labs (or a lab and a test) never collide. Start Jaeger with
 * `jaeger --config=file:<path of this YAML>`.
 */
export interface JaegerConfigOptions {
  /** OTLP over HTTP (POST /v1/traces); apps set OTEL_EXPORTER_OTLP_ENDPOINT=http://<host>:<port>. */
  otlpHttpPort: number;
  /** OTLP over gRPC; left out when not given. */
  otlpGrpcPort?: number;
  /** Query HTTP: the UI, /api/services, /api/traces (v1 JSON) and /api/v3/traces. */
  queryPort: number;
  /** Query gRPC (api_v2 and api_v3); Jaeger always opens it, on an ephemeral port when not given. */
  queryGrpcPort?: number;
  /** Collector's own Prometheus metrics (/metrics); off when not given. */
  metricsPort?: number;
  host?: string;
  /** Traces kept in memory before the oldest are dropped; default 100000. */
  maxTraces?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/** A host:port written in double quotes, as Jaeger's own examples do (and a bare IPv6 address needs). */
const quoted = (value: string) => Object.assign(new Scalar(value), { type: Scalar.QUOTE_DOUBLE });

/** A one-line [a, b] list. */
function flow(items: string[]): YAMLSeq {
  const seq = new YAMLSeq();
  seq.items.push(...items);
  seq.flow = true;
  return seq;
}

/** Builds the YAML with the `yaml` package, from the object below. */
export function jaegerConfigYaml(options: JaegerConfigOptions): string {
  const host = options.host ?? '127.0.0.1';
  const endpoint = (port: number) => ({ endpoint: quoted(`${host}:${port}`) });
  for (const [name, port] of Object.entries(options)) {
    if (name.endsWith('Port') && port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
      throw new RangeError(`jaegerConfigYaml: ${name} must be a port number, got ${String(port)}`);
    }
  }
  const metrics =
    options.metricsPort === undefined
      ? { level: 'none' }
      : {
          level: 'normal',
          readers: [{ pull: { exporter: { prometheus: { host: quoted(host), port: options.metricsPort } } } }],
        };
  const config = {
    service: {
      extensions: flow(['jaeger_storage', 'jaeger_query']),
      pipelines: {
        traces: {
          receivers: flow(['otlp']),
          processors: flow(['batch']),
          exporters: flow(['jaeger_storage_exporter']),
        },
      },
      telemetry: { resource: { 'service.name': 'jaeger' }, metrics, logs: { level: options.logLevel ?? 'info' } },
    },
    extensions: {
      jaeger_storage: { backends: { lab_memory: { memory: { max_traces: options.maxTraces ?? 100_000 } } } },
      jaeger_query: {
        storage: { traces: 'lab_memory' },
        // The query service's own spans are not wanted among the lab's traces.
        enable_tracing: false,
        http: endpoint(options.queryPort),
        grpc: endpoint(options.queryGrpcPort ?? 0),
      },
    },
    receivers: {
      otlp: {
        protocols: {
          ...(options.otlpGrpcPort === undefined ? {} : { grpc: endpoint(options.otlpGrpcPort) }),
          http: endpoint(options.otlpHttpPort),
        },
      },
    },
    processors: { batch: { timeout: '200ms' } },
    exporters: { jaeger_storage_exporter: { trace_storage: 'lab_memory' } },
  };
  return new Document(config).toString({ flowCollectionPadding: false });
}
