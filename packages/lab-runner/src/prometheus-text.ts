/** One sample of a Prometheus / OpenMetrics text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

/**
 * The samples of a text exposition (comments and # HELP / # TYPE lines skipped, exemplars ignored).
 * Hand-written, and only until @lab/lab-client (branch h2-faults) lands with the same shape: the maintained
 * JavaScript parsers of this format are prom-client's (which only writes it) or unmaintained.
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line.split(' # ')[0] ?? '');
    if (!match?.[1] || match[3] === undefined) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) {
      if (key) labels[key] = (value ?? '').replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include every pair of `labelFilter` (0 when none matches). */
export function sumOf(samples: Sample[], name: string, labelFilter: Record<string, string> = {}): number {
  const wanted = Object.entries(labelFilter);
  return samples
    .filter((s) => s.name === name && wanted.every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

/** GET url (an app's /metrics) and parse it. */
export async function scrapeMetrics(url: string): Promise<Sample[]> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return parsePrometheusText(await response.text());
}
