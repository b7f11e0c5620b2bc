// The end-to-end check that `docker compose up lab` runs (service `lab` in docker-compose.yml), inside the compose
// network, once every container it depends on is up. Reads the topology (mounted at /lab/topology.json) and checks,
// concurrently, each with retries:
//   - every mock and service answers its health path directly, by compose host name (http://crm-sync:18102/healthz);
//   - the load balancer (lb) answers each service's health path on its usual port (through one of its replicas);
//   - Toxiproxy has every proxy, enabled, and each reaches its upstream's health path through it;
//   - Redis answers PING; Jaeger's query API answers and its OTLP/HTTP receiver accepts an (empty) export;
//   - Prometheus is ready and every scrape target of the topology is up (every replica of a service).
//   - Grafana answers its health check and has loaded every dashboard of /lab/dashboards (dashboards/json).
// Then prints the URLs to use from this machine, writes /tmp/lab-ready (the container's healthcheck) and stays up
// until SIGINT/SIGTERM, so that `docker compose up lab` keeps the lab running. Any failed check: exit 1.
// Plain Node 24, no dependencies: it runs on the mock-genesys image.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const t = JSON.parse(readFileSync(process.env.LAB_TOPOLOGY ?? '/lab/topology.json', 'utf8'));
const attempts = Number(process.env.LAB_CHECK_ATTEMPTS ?? 30);

/** Runs `fn` until it resolves, at most `attempts` times a second apart; the last error names `what`. */
async function retry(what, fn) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts) throw new Error(`${what}: ${error.message}`);
      await sleep(1000);
    }
  }
}

async function ok(url, init = {}) {
  const what = `${init.method ?? 'GET'} ${url}`;
  let res;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(3000) });
  } catch (error) {
    // fetch says only "fetch failed"; the cause says why (ENOTFOUND, ECONNREFUSED, timeout).
    throw new Error(`${what}: ${error.cause?.code ?? error.cause?.message ?? error.message}`);
  }
  if (!res.ok) throw new Error(`${what} answered HTTP ${res.status}`);
  return res;
}

/** One RESP PING over TCP: Node has no Redis client, and one command needs none. */
function redisPing(host, port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(3000, () => socket.destroy(new Error(`no answer from ${host}:${port}`)));
    socket.once('error', reject);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      const reply = data.toString().trim();
      if (reply === '+PONG') resolve(reply);
      else reject(new Error(`${host}:${port} answered ${reply}`));
    });
  });
}

const checks = [];
const check = (what, fn) => checks.push(retry(what, fn).then((detail) => `ok  ${what}${detail ? `: ${detail}` : ''}`));

for (const [name, s] of Object.entries(t.services)) {
  const url = `http://${name}:${s.port}${s.healthPath}`;
  check(`${s.kind} ${name}`, async () => (await ok(url), url));
}

// The services run as replicas (deploy.replicas) behind lb, which reaches each through Docker's DNS.
for (const [name, s] of Object.entries(t.services)) {
  if (s.kind !== 'service') continue;
  const url = `http://lb:${s.port}${s.healthPath}`;
  check(`lb ${name}`, async () => (await ok(url), url));
}

const toxiproxy = `http://toxiproxy:${t.toxiproxy.apiPort}`;
for (const p of t.proxies) {
  const health = t.services[p.upstream].healthPath;
  check(`proxy ${p.name}`, async () => {
    const proxy = (await (await ok(`${toxiproxy}/proxies`)).json())[p.name];
    if (!proxy?.enabled) throw new Error(`Toxiproxy has no enabled proxy ${p.name}`);
    await ok(`http://toxiproxy:${p.listenPort}${health}`);
    return `toxiproxy:${p.listenPort} -> ${proxy.upstream}${health}`;
  });
}

const { redis, jaeger, prometheus, grafana } = t.infra;
check('redis', async () => `redis:${redis.port} ${await redisPing('redis', redis.port)}`);
check('jaeger', async () => {
  await ok(`http://jaeger:${jaeger.queryPort}/api/services`);
  // The receiver answers an empty OTLP/JSON export with 200 once its pipeline runs.
  const headers = { 'content-type': 'application/json' };
  await ok(`http://jaeger:${jaeger.otlpHttpPort}/v1/traces`, { method: 'POST', headers, body: '{}' });
  return `query :${jaeger.queryPort}, OTLP/HTTP :${jaeger.otlpHttpPort}`;
});
check('prometheus', async () => {
  const base = `http://prometheus:${prometheus.port}`;
  await ok(`${base}/-/ready`);
  const { data } = await (await ok(`${base}/api/v1/targets?state=active`)).json();
  const expected = ['prometheus', ...Object.keys(t.services).filter((name) => t.services[name].metricsPath)];
  // A service's job has one target per replica (DNS service discovery): every one must be up.
  const down = expected.filter((job) => {
    const targets = data.activeTargets.filter((target) => target.labels.job === job);
    return targets.length === 0 || targets.some((target) => target.health !== 'up');
  });
  if (down.length > 0) throw new Error(`scrape targets not up yet: ${down.join(', ')}`);
  return `${data.activeTargets.length} scrape targets of ${expected.length} jobs up`;
});

check('grafana', async () => {
  const base = `http://grafana:${grafana.port}`;
  await ok(`${base}/api/health`);
  // As the anonymous Viewer a visitor is: every provisioned dashboard must be there under its uid.
  const wanted = readdirSync(process.env.LAB_DASHBOARDS ?? '/lab/dashboards').map((f) => f.replace(/\.json$/, ''));
  const found = new Set((await (await ok(`${base}/api/search?type=dash-db`)).json()).map((d) => d.uid));
  const missing = wanted.filter((uid) => !found.has(uid));
  if (missing.length > 0) throw new Error(`Grafana has not loaded dashboards ${missing.join(', ')} yet`);
  return `${wanted.length} dashboards provisioned`;
});

const results = await Promise.allSettled(checks);
for (const r of results) console.log(r.status === 'fulfilled' ? r.value : `FAIL ${r.reason.message}`);
if (results.some((r) => r.status === 'rejected')) process.exit(1);

const url = (port) => `http://${t.host}:${port}`;
console.log('Lab is up. From this machine:');
for (const [name, s] of Object.entries(t.services)) console.log(`  ${name.padEnd(32)} ${url(s.port)}`);
for (const p of t.proxies) console.log(`  ${`proxy ${p.name}`.padEnd(32)} ${url(p.listenPort)}`);
console.log(`  ${'toxiproxy API'.padEnd(32)} ${url(t.toxiproxy.apiPort)}`);
console.log(`  ${'jaeger UI and query API'.padEnd(32)} ${url(jaeger.queryPort)}`);
console.log(`  ${'jaeger OTLP/HTTP'.padEnd(32)} ${url(jaeger.otlpHttpPort)}`);
console.log(`  ${'prometheus'.padEnd(32)} ${url(prometheus.port)}`);
console.log(`  ${'grafana (no login)'.padEnd(32)} ${url(grafana.port)}/d/genesys-lab-overview`);
console.log(`  ${'redis'.padEnd(32)} redis://${t.host}:${redis.port}`);
console.log('Mock admin APIs: header x-mock-admin-token (lab-admin-token unless MOCK_ADMIN_TOKEN was set).');
writeFileSync('/tmp/lab-ready', new Date().toISOString());
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
setInterval(() => {}, 1 << 30);
