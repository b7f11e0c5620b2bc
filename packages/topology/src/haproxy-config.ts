/**
 * HAProxy's configuration for a fleet, one generator for both labs: the native one (lab-runner's startFleet: each
 * replica listed on its own port) and the containers (docker/haproxy.cfg: the replicas found through Docker's DNS,
 * as many as `deploy.replicas` starts).
 */

/** Where one service's replicas are. */
export type HaproxyServers =
  /** Each replica by name, host and port (the native lab). */
  | { kind: 'listed'; servers: { name: string; host: string; port: number }[] }
  /**
   * Every address `host` resolves to (compose: each replica of the service), at most `max`, re-resolved through
   * the `resolvers` section, so replicas that come or go join or leave the rotation.
   */
  | { kind: 'dns'; host: string; port: number; max: number };

/** One load-balanced service: where callers reach it, and its replicas. */
export interface HaproxyFrontend {
  name: string;
  /** The address:port callers use (the service's usual port). */
  bind: { host: string; port: number };
  /** Health check path (HTTP GET, 2xx = in rotation). */
  healthPath: string;
  servers: HaproxyServers;
}

export interface HaproxyOptions {
  /** Name servers for `dns` servers ("ip:port"), e.g. Docker's embedded DNS 127.0.0.11:53. */
  nameservers?: string[];
}

/** The resolvers section's name. */
const RESOLVERS = 'lab-dns';

/**
 * One HTTP frontend per service on its usual port, round robin over its replicas, each checked on its health path
 * every second (down after 2 failures, back after 2 successes), so a killed replica leaves the rotation and callers
 * keep one URL. `dns` servers start unresolved (`init-addr none`): HAProxy starts before the replicas do.
 */
export function haproxyConfig(frontends: HaproxyFrontend[], options: HaproxyOptions = {}): string {
  const nameservers = options.nameservers ?? [];
  const usesDns = frontends.some((f) => f.servers.kind === 'dns');
  if (usesDns && nameservers.length === 0) throw new Error('haproxyConfig: dns servers need nameservers');
  const lines = ['global', '  maxconn 4096'];
  if (usesDns) {
    lines.push(`resolvers ${RESOLVERS}`);
    nameservers.forEach((address, i) => {
      lines.push(`  nameserver dns${i + 1} ${address}`);
    });
    // Docker answers every replica's A record; re-read them often, and keep a replica briefly through a hiccup.
    lines.push('  accepted_payload_size 8192', '  resolve_retries 3', '  timeout resolve 1s', '  timeout retry 1s');
    lines.push('  hold valid 5s', '  hold nx 5s', '  hold obsolete 5s');
  }
  lines.push(
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  option http-keep-alive',
    '  retries 1',
    '  option redispatch',
  );
  const check = 'check inter 1s fall 2 rise 2';
  for (const f of frontends) {
    lines.push(`frontend ${f.name}`, `  bind ${f.bind.host}:${f.bind.port}`, `  default_backend ${f.name}-replicas`);
    lines.push(`backend ${f.name}-replicas`, '  balance roundrobin', `  option httpchk GET ${f.healthPath}`);
    const servers = f.servers;
    if (servers.kind === 'listed') {
      for (const s of servers.servers) lines.push(`  server ${s.name} ${s.host}:${s.port} ${check}`);
    } else {
      lines.push(
        `  server-template ${f.name}- ${servers.max} ${servers.host}:${servers.port} ${check} ` +
          `resolvers ${RESOLVERS} resolve-prefer ipv4 init-addr none`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
