import { scrapeMetrics, sumOf } from '@lab/lab-client';

/** Reads one metric from a Prometheus text page (@lab/lab-client's parser), summed over the matching labels. */
export async function scrapeSum(url: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  return sumOf(await scrapeMetrics(url, { signal: AbortSignal.timeout(5_000) }), name, labels);
}
