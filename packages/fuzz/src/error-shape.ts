/** Which documented error shape an app answers (docs/conventions.md, "Errors"). */
export type ShapeKind = 'service' | 'mock' | 'genesys';

/**
 * Statuses whose body must name the part of the request at fault (a field, header, `path`, `method`, `body`):
 * the client can fix exactly that. Others (401, 403, 404 of a resource, 409, 429) must still be in the shape.
 */
export const MUST_NAME_FIELD = new Set([400, 405, 408, 413, 414, 415, 431]);

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks one error answer against its app's documented shape. Returns what is wrong, or undefined when the body
 * is in the shape (and names the field where the status requires it).
 */
export function errorShapeProblem(
  kind: ShapeKind,
  status: number,
  body: unknown,
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  if (!isObject(body)) return 'the body is not a JSON object';
  const mustName = MUST_NAME_FIELD.has(status);
  if (kind === 'service') {
    if (!isString(body.error) || !isString(body.message)) return 'no error/message strings';
    if (!Array.isArray(body.details)) return 'no details[]';
    for (const d of body.details) if (!isObject(d) || !isString(d.field)) return 'a details[] item without field';
    if (mustName && body.details.length === 0) return `a ${status} with no details[].field`;
    if (status === 405 && !headers.allow) return 'a 405 without Allow';
    return undefined;
  }
  if (kind === 'mock') {
    if (!isString(body.error) || !isString(body.message)) return 'no error/message strings';
    if (body.field !== undefined && !isString(body.field)) return 'field is not a string';
    if (mustName && body.field === undefined) return `a ${status} with no field`;
    if (status === 405 && !headers.allow) return 'a 405 without Allow';
    return undefined;
  }
  if (!isString(body.message) || !isString(body.code)) return 'no message/code strings';
  if (body.status !== status) return `status ${String(body.status)} in the body, ${status} on the wire`;
  if (!isString(body.contextId) || body.contextId !== headers['inin-correlation-id']) {
    return 'contextId missing or not the inin-correlation-id header';
  }
  if (!Array.isArray(body.errors) || !Array.isArray(body.details)) return 'no details[]/errors[]';
  for (const d of body.details) if (!isObject(d) || !isString(d.errorCode)) return 'a details[] item without errorCode';
  if (mustName && !body.details.some((d) => isObject(d) && isString(d.fieldName))) {
    return `a ${status} with no details[].fieldName`;
  }
  if (status === 405 && !headers.allow) return 'a 405 without Allow';
  return undefined;
}
