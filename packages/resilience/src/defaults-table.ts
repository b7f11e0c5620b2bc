import { resilienceDefaults } from './resilience-config.js';

export const TABLE_START = '<!-- defaults-table: generated from resilienceConfigSchema by src/defaults-table.ts -->';
export const TABLE_END = '<!-- /defaults-table -->';

/** Every leaf of the defaults, as [dotted key, value]. */
function leaves(value: object, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([key, v]): [string, unknown][] =>
    typeof v === 'object' && v !== null ? leaves(v, `${prefix}${key}.`) : [[`${prefix}${key}`, v]],
  );
}

/** resilienceConfigSchema's defaults as a Markdown table: the README shows this, and a test keeps it current. */
export function defaultsTable(): string {
  const rows = leaves(resilienceDefaults).map(([key, value]) => `| \`${key}\` | \`${JSON.stringify(value)}\` |`);
  return [TABLE_START, '| Setting | Default |', '|---|---|', ...rows, TABLE_END].join('\n');
}

/** `readme` with its generated table replaced by the current one. */
export function withDefaultsTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('README has no defaults table markers');
  return readme.slice(0, start) + defaultsTable() + readme.slice(end + TABLE_END.length);
}
