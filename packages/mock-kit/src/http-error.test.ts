import { describe, expect, it } from 'vitest';
import { HttpError } from './http-error.js';

describe('HttpError', () => {
  it('answers a body naming the field only when there is one', () => {
    const withField = new HttpError(400, 'bad_request', 'Invalid body: rate too big', 'rate');
    expect(withField.body()).toEqual({ error: 'bad_request', message: 'Invalid body: rate too big', field: 'rate' });
    const without = new HttpError(503, 'injected_fault', 'Injected fault: status 503');
    expect(without.body()).toEqual({ error: 'injected_fault', message: 'Injected fault: status 503' });
    expect(without.body()).not.toHaveProperty('field');
    expect(without.headers).toEqual({});
    expect(without).toBeInstanceOf(Error);
  });
});
