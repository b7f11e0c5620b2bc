import type { DestinationStream } from 'pino';

/** A pino destination that keeps every line, parsed, for assertions. */
export function captureLines() {
  const raw: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void raw.push(line) };
  return {
    destination,
    raw: () => raw.join(''),
    lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
