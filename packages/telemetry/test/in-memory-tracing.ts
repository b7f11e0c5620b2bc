import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { startTelemetry } from '../src/sdk.js';

/** The real SDK set-up (sdk.ts) with spans kept in memory instead of exported: for tests in this package. */
export async function startInMemoryTracing() {
  const exporter = new InMemorySpanExporter();
  const processor = new SimpleSpanProcessor({ exporter });
  const telemetry = await startTelemetry({ spanProcessors: [processor], esmHook: false });
  // Export waits for the resource detectors; flushing first makes every ended span visible.
  const spans = async (): Promise<ReadableSpan[]> => {
    await processor.forceFlush();
    return exporter.getFinishedSpans();
  };
  return {
    spans,
    async span(name: string): Promise<ReadableSpan> {
      const found = (await spans()).find((span) => span.name === name);
      if (!found) throw new Error(`no finished span named ${name}`);
      return found;
    },
    reset: () => exporter.reset(),
    shutdown: () => telemetry.shutdown(),
  };
}
