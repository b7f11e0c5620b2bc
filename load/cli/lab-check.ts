import { serviceUrl, type Topology } from '@lab/topology';

/** The names of the lab's parts that do not answer their health check within `timeoutMs`. */
export async function partsDown(topology: Topology, timeoutMs = 3_000): Promise<string[]> {
  const checks: [string, string][] = [
    ['toxiproxy', `http://${topology.host}:${topology.toxiproxy.apiPort}/version`],
    ...Object.entries(topology.services).map(([name, spec]): [string, string] => [
      name,
      `${serviceUrl(name, topology)}${spec.healthPath}`,
    ]),
  ];
  const answers = await Promise.all(
    checks.map(async ([name, url]) => {
      const ok = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
        .then((r) => r.ok)
        .catch(() => false);
      return ok ? undefined : `${name} (${url})`;
    }),
  );
  return answers.filter((a): a is string => a !== undefined);
}
