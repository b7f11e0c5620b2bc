import { z } from 'zod';
import { serviceConfigShape } from './config.js';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `over` laid on `under`, objects merged key by key. */
function deepMerge(under: Json, over: Json): Json {
  const merged: Json = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const below = merged[key];
    merged[key] = isObject(below) && isObject(value) ? deepMerge(below, value) : value;
  }
  return merged;
}

/**
 * RESILIENCE_OVERRIDES with a service's own defaults underneath: the variable wins key by key, so setting
 * {"crm":{"retry":{"initialDelayMs":5}}} keeps the service's other crm settings. The merge happens on the raw
 * JSON, before the shared schema fills in the library defaults; anything that is not a JSON object is left to
 * that schema, whose error names the variable.
 */
export function resilienceOverridesWithDefaults(defaults: Json) {
  return z.preprocess((raw: unknown) => {
    if (raw === undefined || raw === '') return JSON.stringify(defaults);
    if (typeof raw !== 'string') return raw;
    try {
      const parsed: unknown = JSON.parse(raw);
      return isObject(parsed) ? JSON.stringify(deepMerge(defaults, parsed)) : raw;
    } catch {
      return raw;
    }
  }, serviceConfigShape.RESILIENCE_OVERRIDES);
}
