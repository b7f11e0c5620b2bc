import { redisDefaults } from './redis-config.js';
import { resilienceDefaults } from './resilience-config.js';

/** One generated table of the README: the defaults of one schema between two markers. */
interface GeneratedTable {
  start: string;
  end: string;
  defaults: object;
}

export const TABLE_START = '<!-- defaults-table: generated from resilienceConfigSchema by src/defaults-table.ts -->';
export const TABLE_END = '<!-- /defaults-table -->';
export const REDIS_TABLE_START =
  '<!-- redis-defaults-table: generated from redisConfigSchema by src/defaults-table.ts -->';
export const REDIS_TABLE_END = '<!-- /redis-defaults-table -->';

const TABLES: GeneratedTable[] = [
  { start: TABLE_START, end: TABLE_END, defaults: resilienceDefaults },
  { start: REDIS_TABLE_START, end: REDIS_TABLE_END, defaults: redisDefaults },
];

/** Every leaf of the defaults, as [dotted key, value]. */
function leaves(value: object, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([key, v]): [string, unknown][] =>
    typeof v === 'object' && v !== null ? leaves(v, `${prefix}${key}.`) : [[`${prefix}${key}`, v]],
  );
}

function table({ start, end, defaults }: GeneratedTable): string {
  const rows = leaves(defaults).map(([key, value]) => `| \`${key}\` | \`${JSON.stringify(value)}\` |`);
  return [start, '| Setting | Default |', '|---|---|', ...rows, end].join('\n');
}

/** resilienceConfigSchema's defaults as a Markdown table: the README shows this, and a test keeps it current. */
export function defaultsTable(): string {
  return table(TABLES[0]!);
}

/** redisConfigSchema's defaults (the Redis connection's deadline and reconnection) as a Markdown table. */
export function redisDefaultsTable(): string {
  return table(TABLES[1]!);
}

/** `readme` with each generated table replaced by the current one. */
export function withDefaultsTable(readme: string): string {
  let text = readme;
  for (const generated of TABLES) {
    const start = text.indexOf(generated.start);
    const end = text.indexOf(generated.end);
    if (start < 0 || end < start) throw new Error(`README has no markers ${generated.start}`);
    text = text.slice(0, start) + table(generated) + text.slice(end + generated.end.length);
  }
  return text;
}
