/** One sample of the Prometheus text exposition format: `name{labels} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

function parseValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  const value = Number(text);
  if (text === '' || Number.isNaN(value)) throw new Error(`not a sample value: ${JSON.stringify(text)}`);
  return value;
}

/** Reads `{a="x",b="y"}` from `line` at `start`; answers the labels and where the block ends. */
function parseLabels(line: string, start: number): { labels: Record<string, string>; end: number } {
  const labels: Record<string, string> = {};
  let i = start + 1;
  while (true) {
    while (line[i] === ' ' || line[i] === ',') i++;
    if (line[i] === '}') return { labels, end: i + 1 };
    const name = LABEL_NAME.exec(line.slice(i))?.[0];
    if (!name || line[i + name.length] !== '=' || line[i + name.length + 1] !== '"') {
      throw new Error(`bad label at column ${i + 1}: ${line}`);
    }
    i += name.length + 2;
    let value = '';
    while (line[i] !== '"') {
      if (i >= line.length) throw new Error(`unterminated label value: ${line}`);
      if (line[i] === '\\') {
        const next = line[i + 1];
        value += next === 'n' ? '\n' : (next ?? '');
        i += 2;
      } else value += line[i++];
    }
    labels[name] = value;
    i++;
  }
}

/**
 * Parses Prometheus text (format 0.0.4, as prom-client writes it; OpenMetrics exemplars after ` # ` and
 * timestamps are read past) into flat samples: histogram buckets, sums and counts stay samples of their own
 * names (`x_bucket{le="0.1"}`), as PromQL sees them. A malformed line throws, naming it.
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const name = NAME.exec(line)?.[0];
    if (!name) throw new Error(`bad sample line: ${line}`);
    let rest = line.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith('{')) {
      const parsed = parseLabels(line, name.length);
      labels = parsed.labels;
      rest = line.slice(parsed.end);
    }
    const [valueText = ''] = rest.split(' # ')[0]?.trim().split(/\s+/) ?? [];
    try {
      samples.push({ name, labels, value: parseValue(valueText) });
    } catch (error) {
      throw new Error(`${(error as Error).message} in line: ${line}`);
    }
  }
  return samples;
}

/** Samples of `name` whose labels include every pair of `labelFilter`. */
export function samplesOf(samples: Sample[], name: string, labelFilter: Record<string, string> = {}): Sample[] {
  const wanted = Object.entries(labelFilter);
  return samples.filter((s) => s.name === name && wanted.every(([k, v]) => s.labels[k] === v));
}

/** The sum of the values of `name` whose labels include every pair of `labelFilter` (0 when none match). */
export function sumOf(samples: Sample[], name: string, labelFilter: Record<string, string> = {}): number {
  return samplesOf(samples, name, labelFilter).reduce((total, s) => total + s.value, 0);
}

/** GETs a /metrics URL and parses it; a non-2xx answer throws, naming the URL and status. */
export async function scrapeMetrics(url: string, init: RequestInit = {}): Promise<Sample[]> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return parsePrometheusText(await response.text());
}
