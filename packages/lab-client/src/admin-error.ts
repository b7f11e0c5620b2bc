/** A non-2xx answer from a mock's admin API: the call, the status and the mock's error body. */
export class AdminError extends Error {
  constructor(
    readonly call: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${call} answered ${status}: ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.name = 'AdminError';
  }
}
