import type { Form } from '../schema/form.js';

const isForm = (value: unknown): value is { short: number; long: number } =>
  typeof value === 'object' &&
  value !== null &&
  Object.keys(value).length === 2 &&
  typeof (value as { short?: unknown }).short === 'number' &&
  typeof (value as { long?: unknown }).long === 'number';

/**
 * Replaces every `{short, long}` pair inside a value (e.g. a mock fault's `seconds`) by the number of the form
 * the review runs, so a fault's attributes can differ between the short and the long form like any figure.
 */
export function pickForms<T>(value: T, form: Form): T {
  if (isForm(value)) return value[form] as T;
  if (Array.isArray(value)) return value.map((item) => pickForms(item, form)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, pickForms(item, form)])) as T;
  }
  return value;
}
