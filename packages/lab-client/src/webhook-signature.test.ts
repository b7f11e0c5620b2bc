import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webhookSignatureHeaders } from './webhook-signature.js';

describe('webhookSignatureHeaders', () => {
  it('signs "<seconds>.<body>" with HMAC-SHA256', () => {
    const headers = webhookSignatureHeaders('{"a":1}', 'secret-123', 1_700_000_000_999);
    expect(headers['x-timestamp']).toBe('1700000000');
    const expected = createHmac('sha256', 'secret-123').update('1700000000.{"a":1}').digest('hex');
    expect(headers['x-signature']).toBe(`sha256=${expected}`);
  });

  it('signs a Buffer over its exact bytes (the same digest as its UTF-8 string, and bytes no string has)', () => {
    const text = '{"é":1}';
    expect(webhookSignatureHeaders(Buffer.from(text), 's-123', 0)).toEqual(webhookSignatureHeaders(text, 's-123', 0));
    const bytes = Buffer.from([0x7b, 0xff, 0x7d]);
    const expected = createHmac('sha256', 's-123')
      .update(Buffer.concat([Buffer.from('0.'), bytes]))
      .digest('hex');
    expect(webhookSignatureHeaders(bytes, 's-123', 0)['x-signature']).toBe(`sha256=${expected}`);
  });

  it('differs for another secret', () => {
    const a = webhookSignatureHeaders('{}', 'secret-123', 0)['x-signature'];
    expect(webhookSignatureHeaders('{}', 'secret-456', 0)['x-signature']).not.toBe(a);
  });
});
