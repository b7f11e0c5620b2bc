// A service's or a mock's own /metrics, summed by name and labels: the server-side figures a verify step reads.
import http from 'k6/http';
import { sumSamples } from './prometheus-text.ts';

export function metricSum(baseUrl: string, name: string, labels: Record<string, string> = {}): number {
  const response = http.get(`${baseUrl}/metrics`, { tags: { call: 'metrics' }, timeout: '5s' });
  if (response.status !== 200) throw new Error(`${baseUrl}/metrics answered ${response.status}`);
  return sumSamples(response.body as string, name, labels);
}
