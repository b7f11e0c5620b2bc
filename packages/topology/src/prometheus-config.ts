import { type Addressing, nativeAddressing } from './addressing.js';
import type { Topology } from './index.js';

/** The mTLS profile's client side of a scrape: the lab CA and Prometheus' own certificate (PEM file paths). */
export interface ScrapeTls {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/**
 * Prometheus' configuration for the lab: one scrape job per service that has a metricsPath, plus Prometheus
 * itself. With `tls` (the native mTLS profile), every service inside the mesh (not `outsideMesh`) is scraped over
 * https with Prometheus' client certificate, its server certificate checked against the lab CA. Returned as JSON, which is valid YAML, so no YAML library is needed at run time. `at` says where each
 * target is reached (default: the native lab, all on the topology host; composeAddressing: by service name).
 */
export function prometheusConfig(
  t: Topology,
  at: Addressing = nativeAddressing(t),
  /** More targets to scrape, e.g. the native lab's Toxiproxy exporter: {job, target: "host:port"}. */
  extra: { job: string; target: string }[] = [],
  tls?: ScrapeTls,
  /**
   * Services whose host name resolves to every replica (compose with deploy.replicas): scraped through DNS service
   * discovery (an A query of the name, refreshed each scrape interval), one target per replica, `instance` its
   * address, `service` its name.
   */
  discovered: string[] = [],
): string {
  const interval = `${t.infra.prometheus.scrapeIntervalSeconds}s`;
  const jobs = Object.entries(t.services)
    .filter(([, s]) => s.metricsPath)
    .map(([name, s]) => {
      const scheme = tls &&
        !s.outsideMesh && {
          scheme: 'https',
          tls_config: { ca_file: tls.caFile, cert_file: tls.certFile, key_file: tls.keyFile },
        };
      return discovered.includes(name)
        ? {
            job_name: name,
            metrics_path: s.metricsPath,
            ...scheme,
            dns_sd_configs: [{ names: [at.hostOf(name)], type: 'A', port: s.port, refresh_interval: interval }],
            relabel_configs: [{ target_label: 'service', replacement: name }],
          }
        : {
            job_name: name,
            metrics_path: s.metricsPath,
            ...scheme,
            static_configs: [{ targets: [`${at.hostOf(name)}:${s.port}`], labels: { service: name } }],
          };
    });
  return `${JSON.stringify(
    {
      global: { scrape_interval: interval, evaluation_interval: interval },
      scrape_configs: [
        {
          job_name: 'prometheus',
          static_configs: [{ targets: [`${at.hostOf('prometheus')}:${t.infra.prometheus.port}`] }],
        },
        ...jobs,
        ...extra.map((e) => ({ job_name: e.job, static_configs: [{ targets: [e.target] }] })),
      ],
    },
    null,
    2,
  )}\n`;
}
