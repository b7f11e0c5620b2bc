import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jaegerConfigYaml } from './jaeger-config.js';

describe('jaegerConfigYaml', () => {
  it('binds every listener to the host and ports given, with traces in memory', () => {
    const yaml = jaegerConfigYaml({ otlpHttpPort: 14318, queryPort: 16786, queryGrpcPort: 16785, maxTraces: 500 });
    expect(yaml).toContain('endpoint: "127.0.0.1:14318"');
    expect(yaml).toContain('endpoint: "127.0.0.1:16786"');
    expect(yaml).toContain('endpoint: "127.0.0.1:16785"');
    expect(yaml).toMatch(/memory:\n\s+max_traces: 500/);
    expect(yaml).toContain('level: none');
    expect(yaml).not.toMatch(/\n\s+grpc:\n\s+endpoint: "127\.0\.0\.1:4317"/);
    expect(yaml).not.toMatch(/0\.0\.0\.0|localhost/);
  });

  it('adds OTLP gRPC and Jaeger own metrics only when asked, and an ephemeral query gRPC port otherwise', () => {
    const plain = jaegerConfigYaml({ otlpHttpPort: 1, queryPort: 2 });
    expect(plain.match(/grpc:/g)).toHaveLength(1);
    expect(plain).toContain('endpoint: "127.0.0.1:0"');
    const full = jaegerConfigYaml({ otlpHttpPort: 1, otlpGrpcPort: 3, queryPort: 2, metricsPort: 4, host: '0.0.0.0' });
    expect(full).toContain('endpoint: "0.0.0.0:3"');
    expect(full).toMatch(/prometheus:\n\s+host: "0\.0\.0\.0"\n\s+port: 4/);
  });

  it('is YAML that reads back as the configuration meant', () => {
    const config = parse(jaegerConfigYaml({ otlpHttpPort: 1, otlpGrpcPort: 3, queryPort: 2, host: '::1' }));
    expect(config.receivers.otlp.protocols).toEqual({ grpc: { endpoint: '::1:3' }, http: { endpoint: '::1:1' } });
    expect(config.service.pipelines.traces).toEqual({
      receivers: ['otlp'],
      processors: ['batch'],
      exporters: ['jaeger_storage_exporter'],
    });
    expect(config.extensions.jaeger_query).toMatchObject({ enable_tracing: false, http: { endpoint: '::1:2' } });
  });

  it('refuses a port that is not one', () => {
    expect(() => jaegerConfigYaml({ otlpHttpPort: 70_000, queryPort: 2 })).toThrow(/otlpHttpPort/);
    expect(() => jaegerConfigYaml({ otlpHttpPort: 1, queryPort: 2.5 })).toThrow(/queryPort/);
  });
});
