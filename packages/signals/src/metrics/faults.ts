import { metric } from '../metric-signal.js';

/**
 * Which faults are in force, read at each scrape: the dashboards draw them as annotations (when each mock fault
 * or Toxiproxy toxic was on).
 */
export const FAULT_METRICS = {
  mockFaultsActive: metric({
    name: 'mock_faults_active',
    type: 'gauge',
    help: 'Faults in force on this mock (added through /__admin/faults), by type and target',
    unit: 'faults',
    labels: {
      type: 'the fault type (docs/faults.md): maintenance, error-rate, slow, ...',
      family: 'API family the fault targets ("" for none)',
      route: 'route the fault targets ("" for none)',
      method: 'HTTP method the fault targets ("" for none)',
    },
    emittedBy: ['mock-genesys', 'mock-crm', 'mock-notifier'],
  }),
  toxicActive: metric({
    name: 'toxiproxy_toxic_active',
    type: 'gauge',
    help: 'Toxics in force on each Toxiproxy proxy (value: toxicity, the share of connections affected)',
    unit: '1',
    labels: {
      proxy: 'the Toxiproxy proxy (topology proxy name)',
      toxic: 'the toxic name',
      type: 'the toxic type: latency, timeout, reset_peer, bandwidth, ...',
      stream: 'upstream or downstream',
    },
    emittedBy: ['toxics-exporter'],
  }),
  proxyEnabled: metric({
    name: 'toxiproxy_proxy_enabled',
    type: 'gauge',
    help: 'Whether each Toxiproxy proxy is enabled (0: disabled, every connection refused)',
    unit: '1',
    labels: { proxy: 'the Toxiproxy proxy (topology proxy name)' },
    emittedBy: ['toxics-exporter'],
  }),
};
