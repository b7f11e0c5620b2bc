import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labCacheDir, readToolVersions, toolPaths } from './index.js';

describe('toolchain', () => {
  it('reads the pinned versions that setup.sh installs', () => {
    const v = readToolVersions();
    expect(v.NODE_VERSION).toMatch(/^24\.\d+\.\d+$/);
    expect(v.TOXIPROXY_VERSION).toMatch(/^v2\.\d+\.\d+$/);
    expect(v.K6_VERSION).toMatch(/^v2\.\d+\.\d+$/);
    expect(v.HELM_VERSION).toMatch(/^v3\.\d+\.\d+$/);
  });

  it('names a file that lacks a pin', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'toolchain-')), 'tools.env');
    writeFileSync(file, 'NODE_VERSION=24.0.0\n');
    expect(() => readToolVersions(file)).toThrow(/does not pin TOXIPROXY_VERSION/);
  });

  it('puts every tool under the cache dir, which the environment can move', () => {
    const env = { GENESYS_LAB_CACHE: '/tmp/lab-cache' };
    expect(labCacheDir(env)).toBe('/tmp/lab-cache');
    const paths = toolPaths(env);
    expect(paths.toxiproxyServer.startsWith('/tmp/lab-cache/tools/toxiproxy-v2')).toBe(true);
    expect(paths.jaeger).toContain('/tmp/lab-cache/tools/jaeger-v1.');
    expect(paths.helm).toMatch(/^\/tmp\/lab-cache\/tools\/helm-v3\.[\d.]+\/bin\/helm$/);
  });
});
