import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { topology } from './index.js';

// Every place a topology entry must reach (docs/adding-a-service.md lists them). The generated container files and
// docker-compose.yml are checked by compose.test.ts; Prometheus' jobs and Toxiproxy's proxies are derived from the
// topology itself, so here only their inputs (metricsPath, a proxy to Genesys) are checked. Mocks are checked for
// what they share with services; SERVICE_HOST/SERVICE_PORT, serve() and docs/services.md are for kind "service".
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string): string => readFileSync(repoRoot + path, 'utf8');
const has = (path: string): boolean => existsSync(repoRoot + path);
const manifestSchema = z.object({ name: z.string(), scripts: z.record(z.string(), z.string()) });

describe.each(Object.entries(topology.services))('topology entry %s', (name, s) => {
  it('has its app folder: package.json named after it, README.md, src/config.ts, src/app.ts, src/main.ts', () => {
    expect(basename(s.app), 'the folder is named after the entry').toBe(name);
    for (const file of ['package.json', 'README.md', 'src/config.ts', 'src/app.ts', 'src/main.ts']) {
      expect(has(`${s.app}/${file}`), `${s.app}/${file}`).toBe(true);
    }
    const manifest = manifestSchema.parse(JSON.parse(read(`${s.app}/package.json`)));
    expect(manifest.name).toBe(`@lab/${name}`);
    expect(Object.keys(manifest.scripts)).toEqual(expect.arrayContaining(['build', 'typecheck', 'lint', 'start']));
  });

  it('reads the listen variables the topology names in its config schema', () => {
    const config = read(`${s.app}/src/config.ts`);
    if (s.kind === 'service') {
      expect([s.hostEnv, s.portEnv]).toEqual(['SERVICE_HOST', 'SERVICE_PORT']);
      // service-kit's serviceConfigShape holds SERVICE_HOST and SERVICE_PORT.
      expect(config).toContain('...serviceConfigShape');
    } else {
      for (const variable of [s.hostEnv, s.portEnv]) expect(config, variable).toMatch(new RegExp(`\\b${variable}\\b`));
    }
  });

  it('is scraped by Prometheus (a metricsPath)', () => {
    expect(s.metricsPath).toBeDefined();
  });

  if (s.kind === 'service') {
    it('runs through serve(), traced, and calls Genesys through its own Toxiproxy proxy', () => {
      expect(read(`${s.app}/src/main.ts`)).toMatch(/await serve\(\w+, buildApp\);/);
      const manifest = manifestSchema.parse(JSON.parse(read(`${s.app}/package.json`)));
      expect(manifest.scripts.start).toBe('node --import @lab/telemetry/instrumentation dist/main.js');
      const proxies = topology.proxies.filter((p) => p.client === name);
      expect(proxies.map((p) => [p.upstream, p.env])).toContainEqual(['mock-genesys', 'GENESYS_URL']);
    });

    it('has a current row in docs/services.md and a row in the root README', () => {
      const row = read('docs/services.md')
        .split('\n')
        .find((line) => line.startsWith(`| ${name} |`));
      expect(row, `docs/services.md has no row "| ${name} |"`).toBeDefined();
      expect(row).toMatch(new RegExp(`^\\| ${name} \\| ${s.port} \\|`));
      for (const p of topology.proxies.filter((x) => x.client === name))
        expect(row).toContain(`\`${p.name}\` ${p.listenPort}`);
      expect(read('README.md')).toMatch(new RegExp(`^\\| \`${s.app}\` \\|`, 'm'));
    });
  }
});
