// A typed client for Toxiproxy's HTTP API (https://github.com/Shopify/toxiproxy#http-api), over k6's http.
// Toxics a scenario adds are named `k6-<name>`, so that a person reading `lab status` knows who put them there.
import http from 'k6/http';
import { lab } from './config.ts';

export type ToxicType = 'latency' | 'timeout' | 'reset_peer' | 'bandwidth' | 'slow_close' | 'slicer' | 'limit_data';

export interface Toxic {
  name: string;
  type: ToxicType;
  stream?: 'upstream' | 'downstream';
  toxicity?: number;
  attributes: Record<string, number>;
}

const json = { headers: { 'content-type': 'application/json' }, tags: { call: 'toxiproxy' } };

function proxyName(proxy: string): string {
  if (!lab.proxies.includes(proxy)) throw new Error(`no proxy "${proxy}" in the topology (${lab.proxies.join(', ')})`);
  return proxy;
}

/** Adds a toxic (or replaces one of the same name) on a proxy of the topology. */
export function addToxic(proxy: string, toxic: Toxic): void {
  const url = `${lab.toxiproxy}/proxies/${proxyName(proxy)}/toxics`;
  const existing = http.get(`${url}/${toxic.name}`, json);
  const response =
    existing.status === 200
      ? http.post(`${url}/${toxic.name}`, JSON.stringify(toxic), json)
      : http.post(url, JSON.stringify(toxic), json);
  if (response.status !== 200)
    throw new Error(`toxiproxy refused ${toxic.name} on ${proxy}: ${response.status} ${response.body}`);
}

export function removeToxic(proxy: string, name: string): void {
  const response = http.del(`${lab.toxiproxy}/proxies/${proxyName(proxy)}/toxics/${name}`, null, json);
  if (response.status !== 204 && response.status !== 404) {
    throw new Error(`toxiproxy did not remove ${name} on ${proxy}: ${response.status} ${response.body}`);
  }
}

/** Every proxy with its toxics' names, as Toxiproxy lists them. */
export function toxicsByProxy(): Record<string, string[]> {
  const response = http.get(`${lab.toxiproxy}/proxies`, json);
  if (response.status !== 200) throw new Error(`toxiproxy answered ${response.status} for /proxies`);
  const proxies = JSON.parse(response.body as string) as Record<string, { toxics: { name: string }[] }>;
  return Object.fromEntries(Object.entries(proxies).map(([name, p]) => [name, p.toxics.map((t) => t.name)]));
}

export function setProxyEnabled(proxy: string, enabled: boolean): void {
  const response = http.post(`${lab.toxiproxy}/proxies/${proxyName(proxy)}`, JSON.stringify({ enabled }), json);
  if (response.status !== 200)
    throw new Error(`toxiproxy did not ${enabled ? 'enable' : 'disable'} ${proxy}: ${response.status}`);
}
