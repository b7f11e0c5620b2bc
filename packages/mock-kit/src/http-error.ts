/** The body of every error a mock answers: a code, a sentence, and the input field at fault when there is one. */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

/** Thrown from hooks and handlers; the error handler answers `status` with `body()`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): ErrorBody {
    return { error: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) };
  }
}
