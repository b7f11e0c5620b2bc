import { BadRequest } from '@lab/service-kit';

/** More exports would run at once than allowed: 429, try again once one has ended. */
export class TooManyExportsError extends BadRequest {
  constructor(limit: number, running: number) {
    super(
      `${running} exports are running, the limit is ${limit}: try again when one has ended`,
      [],
      429,
      'too_many_exports',
    );
  }
}

/** The exportId is taken: running now (one run per id at a time), or already completed. */
export class ExportConflictError extends BadRequest {
  constructor(exportId: string, reason: 'export_running' | 'export_exists' | 'interval_mismatch', message: string) {
    super(message, [{ field: 'exportId', message: `${exportId}: ${reason}` }], 409, reason);
  }
}

/** No export with this id. */
export class ExportNotFoundError extends BadRequest {
  constructor(exportId: string) {
    super(`no export ${exportId}`, [{ field: 'id', message: 'unknown export' }], 404, 'export_not_found');
  }
}
