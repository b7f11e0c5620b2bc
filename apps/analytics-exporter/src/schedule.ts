import type { Logger } from 'pino';
import type { ExportManager } from './export-manager.js';
import { previousWindow } from './interval.js';

export interface ScheduleOptions {
  seconds: number;
  manager: Pick<ExportManager, 'has' | 'submit'>;
  logger: Logger;
  now?: () => number;
}

/** The id of the scheduled export of a window: one export per window, whatever the number of ticks or restarts. */
export function scheduledExportId(interval: string): string {
  const start = interval.split('/')[0] ?? '';
  return `scheduled-${start.replace(/[-:]/g, '').replace('.000', '')}`;
}

/** Refused windows kept for the next ticks, at most (oldest dropped, with an error log). */
const MAX_MISSED = 100;

/**
 * Every `seconds`, exports the previous full window of `seconds` (aligned), unless that window's export exists.
 * A window refused (too many exports running) is logged and tried again at every later tick until accepted; the
 * list of refused windows lives in memory (a restart forgets it). Returns the function that stops it.
 */
export function startSchedule({ seconds, manager, logger, now = Date.now }: ScheduleOptions): () => void {
  const missed = new Set<string>();
  const submit = async (interval: string) => {
    const exportId = scheduledExportId(interval);
    if (manager.has(exportId)) {
      missed.delete(interval);
      return;
    }
    try {
      await manager.submit({ exportId, interval });
      missed.delete(interval);
      logger.info({ exportId, interval }, 'scheduled export started');
    } catch (error) {
      missed.add(interval);
      logger.warn({ exportId, interval, err: (error as Error).message }, 'scheduled export refused: next tick retries');
    }
  };
  const tick = async () => {
    for (const interval of new Set([...missed, previousWindow(now(), seconds)])) await submit(interval);
    for (const dropped of [...missed].slice(0, Math.max(0, missed.size - MAX_MISSED))) {
      missed.delete(dropped);
      logger.error({ interval: dropped }, 'scheduled export window dropped: too many refused windows');
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), seconds * 1_000);
  return () => clearInterval(timer);
}
