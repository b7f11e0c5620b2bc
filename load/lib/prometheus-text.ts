// Sums a counter or gauge in Prometheus' text exposition format. Hand-written because k6 runs no npm package:
// this is the one place in load/ that reads the format, and it reads only what it needs (name, labels, value).

/** The sum of every sample of `name` whose labels include `labels` (exact values). */
export function sumSamples(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const sampleLabels: Record<string, string> = {};
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      sampleLabels[pair[1]!] = pair[2]!;
    }
    if (Object.entries(labels).every(([k, v]) => sampleLabels[k] === v)) total += Number(match[4]);
  }
  return total;
}
