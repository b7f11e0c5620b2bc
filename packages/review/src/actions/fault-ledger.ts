/**
 * Every fault the method added, with how to undo it. Rollbacks undo them in reverse order, once each, whatever
 * ended the run (an error, a halt, Ctrl-C).
 */
export interface FaultLedger {
  add(description: string, undo: () => Promise<void>): void;
  /** Undoes what is still on; returns one entry per undo, with its error if it failed. */
  undoAll(): Promise<{ description: string; error?: string }[]>;
  readonly size: number;
}

export function faultLedger(): FaultLedger {
  const entries: { description: string; undo: () => Promise<void> }[] = [];
  return {
    add(description, undo) {
      entries.push({ description, undo });
    },
    async undoAll() {
      const results: { description: string; error?: string }[] = [];
      while (entries.length > 0) {
        const entry = entries.pop();
        if (!entry) break;
        try {
          await entry.undo();
          results.push({ description: entry.description });
        } catch (error) {
          results.push({ description: entry.description, error: (error as Error).message });
        }
      }
      return results;
    },
    get size() {
      return entries.length;
    },
  };
}
