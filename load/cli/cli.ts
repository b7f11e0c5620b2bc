#!/usr/bin/env node
// `npm run load -- <scenario> [k6 options]` runs one k6 scenario against the lab with k6's own progress on the
// terminal, its metrics written to the lab's Prometheus and a JSON summary under the lab's state folder;
// `npm run load -- --list` lists the scenarios. Exit code: k6's (99 when a threshold failed), 2 for bad input.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { labStateDir } from '@lab/lab-runner';
import { topology as baseTopology, withPortOffset } from '@lab/topology';
import { findScenario, readCatalog } from './catalog.js';
import { findK6 } from './k6-binary.js';
import { partsDown } from './lab-check.js';

const scenariosDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'scenarios');

function fail(message: string): never {
  console.error(`load: ${message}`);
  process.exit(2);
}

async function main(args: string[]): Promise<number> {
  const [name, ...k6Args] = args;
  const catalog = readCatalog(scenariosDir);
  if (!name || name === '--list' || name === '-l') {
    if (!name) console.error('usage: npm run load -- <scenario> [k6 options]   (or --list)\n');
    const width = Math.max(...catalog.map((s) => s.name.length));
    for (const s of catalog) console.log(`${s.name.padEnd(width)}  ${s.summary}`);
    return name ? 0 : 2;
  }
  let scenario: ReturnType<typeof findScenario>;
  try {
    scenario = findScenario(catalog, name);
  } catch (error) {
    fail((error as Error).message);
  }
  const offsetText = process.env.LAB_PORT_OFFSET ?? '0';
  const offset = Number(offsetText);
  if (!Number.isInteger(offset) || offset < 0) fail(`LAB_PORT_OFFSET must be a whole number, got "${offsetText}"`);
  const topology = withPortOffset(baseTopology, offset);
  const down = await partsDown(topology);
  if (down.length > 0) fail(`the lab is not up: ${down.join(', ')} did not answer; start it with \`npm run lab\``);

  let k6: string;
  try {
    k6 = findK6();
  } catch (error) {
    fail((error as Error).message);
  }
  const summaryDir = join(labStateDir, 'load');
  mkdirSync(summaryDir, { recursive: true });
  const summary = join(summaryDir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const prometheus = `http://${topology.host}:${topology.infra.prometheus.port}`;
  const child = spawn(
    k6,
    [
      'run',
      '--no-usage-report',
      '-o',
      'experimental-prometheus-rw',
      '--summary-export',
      summary,
      ...k6Args,
      scenario.file,
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        LAB_PORT_OFFSET: String(offset),
        K6_PROMETHEUS_RW_SERVER_URL: `${prometheus}/api/v1/write`,
        K6_PROMETHEUS_RW_TREND_STATS: 'p(50),p(95),p(99),max',
      },
    },
  );
  // Ctrl-C reaches k6 too (same process group): k6 stops, runs teardown (which removes the run's faults), exits.
  process.on('SIGINT', () => {});
  const code = await new Promise<number>((resolve) =>
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 130 : 1))),
  );
  console.error(`load: summary in ${summary}`);
  return code;
}

process.exit(await main(process.argv.slice(2)));
