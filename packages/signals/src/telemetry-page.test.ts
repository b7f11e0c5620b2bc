import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METRICS } from './metrics/index.js';
import { SPAN_ATTRIBUTES } from './span-attributes.js';
import { telemetryPage } from './telemetry-page.js';

const page = readFileSync(new URL('../../../docs/telemetry.md', import.meta.url), 'utf8');

describe('docs/telemetry.md', () => {
  it('is the page the registry generates (rewrite it: node packages/signals/dist/write-telemetry-page.js)', () => {
    expect(page).toBe(telemetryPage());
  });

  it('has one row per declared metric and span attribute', () => {
    for (const signal of METRICS) expect(page).toContain(`| \`${signal.name}\` | ${signal.type}`);
    for (const attribute of Object.values(SPAN_ATTRIBUTES)) expect(page).toContain(`| \`${attribute.key}\` |`);
    expect(page).toContain(
      '| `lab_dependency_calls_total` | counter, exemplars | calls | `service`: the service that made the call',
    );
  });
});
