import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';
import { type RunningToxicsExporter, startToxicsExporter } from './toxics-exporter.js';

// With a real Toxiproxy the exporter is exercised by dashboards/test/integration (toxics as annotations); here,
// what it answers when Toxiproxy is not there and when asked for something else.
let exporter: RunningToxicsExporter | undefined;
afterEach(async () => {
  await exporter?.stop();
  exporter = undefined;
});

describe('the toxics exporter', () => {
  it('fails the scrape (503, naming Toxiproxy) when Toxiproxy does not answer, rather than reporting no toxics', async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    exporter = await startToxicsExporter({ apiUrl: nobody, host: '127.0.0.1', port: await freePort() });
    const r = await fetch(`${exporter.url}/metrics`);
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ error: 'toxiproxy_unavailable' });
  });

  it('answers 404 in the JSON error shape for anything but GET /metrics', async () => {
    exporter = await startToxicsExporter({ apiUrl: 'http://127.0.0.1:1', host: '127.0.0.1', port: await freePort() });
    const r = await fetch(`${exporter.url}/metrics`, { method: 'POST' });
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: 'not_found', message: 'Only GET /metrics is served here' });
    expect((await fetch(`${exporter.url}/`)).status).toBe(404);
  });
});
