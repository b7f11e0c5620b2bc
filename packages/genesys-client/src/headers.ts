/**
 * Response headers as a plain object with lowercase names. The SDK hands over axios' AxiosHeaders (or a plain
 * object); multi-valued headers are joined with ", ".
 */
export function plainHeaders(raw: unknown): Record<string, string> {
  if (raw === null || typeof raw !== 'object') return {};
  const source =
    typeof (raw as { toJSON?: unknown }).toJSON === 'function'
      ? ((raw as { toJSON: () => unknown }).toJSON() as Record<string, unknown>)
      : (raw as Record<string, unknown>);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || value === null || typeof value === 'function') continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}
