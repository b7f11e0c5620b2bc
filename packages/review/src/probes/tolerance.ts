import { JSONPath } from 'jsonpath-plus';
import type { Tolerance } from '../schema/tolerance.js';

/** Whether a probe's value is within its tolerance, and a short account of why not. */
export function withinTolerance(value: unknown, tolerance: Tolerance): { ok: boolean; why?: string } {
  const inRange = (v: unknown, [low, high]: [number, number]) => typeof v === 'number' && v >= low && v <= high;
  if ('exact' in tolerance) {
    return value === tolerance.exact ? { ok: true } : { ok: false, why: `expected ${tolerance.exact}` };
  }
  if ('jsonpath' in tolerance) {
    const matches = JSONPath({ path: tolerance.jsonpath, json: value as object, wrap: true }) as unknown[];
    if (matches.length === 0) return { ok: false, why: `nothing at ${tolerance.jsonpath}` };
    const bad = matches.find((m) =>
      tolerance.range ? !inRange(m, tolerance.range) : tolerance.expect !== undefined && m !== tolerance.expect,
    );
    return bad === undefined ? { ok: true } : { ok: false, why: `${tolerance.jsonpath} has ${JSON.stringify(bad)}` };
  }
  if ('range' in tolerance) {
    return inRange(value, tolerance.range)
      ? { ok: true }
      : { ok: false, why: `outside [${tolerance.range[0]}, ${tolerance.range[1]}]` };
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return new RegExp(tolerance.regex).test(text)
    ? { ok: true }
    : { ok: false, why: `does not match /${tolerance.regex}/` };
}
