import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultsTable, redisDefaultsTable, withDefaultsTable } from './defaults-table.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('the README defaults table', () => {
  it('is the one the schema generates (rewrite it: node packages/resilience/dist/write-defaults-table.js)', () => {
    expect(withDefaultsTable(readme)).toBe(readme);
  });

  it('lists every policy setting with its schema default', () => {
    const table = defaultsTable();
    expect(table).toContain('| `timeoutMs` | `3000` |');
    expect(table).toContain('| `breaker.kind` | `"consecutive"` |');
    expect(table).toContain('| `rateLimit.headerThreshold` | `0.05` |');
    expect(table.split('\n').filter((line) => line.startsWith('| `'))).toHaveLength(29);
  });

  it('lists the Redis connection settings with their schema defaults', () => {
    const table = redisDefaultsTable();
    expect(table).toContain('| `commandTimeoutMs` | `500` |');
    expect(table.split('\n').filter((line) => line.startsWith('| `'))).toHaveLength(4);
  });
});
