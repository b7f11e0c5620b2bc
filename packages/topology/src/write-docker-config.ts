/**
 * Rewrites the generated configuration of the container lab (docker/toxiproxy.json, docker/prometheus.yml,
 * docker/jaeger.yaml, docker/env/*.env) from topology.json. Run after building this package:
 *   npx turbo run build --filter=@lab/topology && node packages/topology/dist/write-docker-config.js
 */
import { fileURLToPath } from 'node:url';
import { writeDockerConfig } from './docker-config.js';
import { topology } from './index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const { written, removed } = writeDockerConfig(root, topology);
for (const path of written) console.log(`wrote   ${path}`);
for (const path of removed) console.log(`removed ${path}`);
if (written.length + removed.length === 0) console.log('docker/ configuration already matches topology.json');
