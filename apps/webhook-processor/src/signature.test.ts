import * as crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature.js';

// Spy on the constant-time comparison: the check must go through it, never through === on strings.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const SECRET = 'test-secret-123';
const NOW_MS = 1_800_000_000_000;
const TS = String(NOW_MS / 1_000);
const BODY = '{"eventId":"e-1","topic":"t"}';
const signed = (body = BODY, ts = TS, secret = SECRET) => `sha256=${signWebhook(secret, ts, body)}`;
const verify = (signature: string | undefined, timestamp: string | undefined, rawBody = BODY) =>
  verifyWebhookSignature({ signature, timestamp, rawBody }, SECRET, { toleranceSeconds: 300, nowMs: NOW_MS });

afterEach(() => vi.mocked(crypto.timingSafeEqual).mockClear());

describe('verifyWebhookSignature', () => {
  it('accepts the HMAC-SHA256 of "<timestamp>.<rawBody>", compared with timingSafeEqual', () => {
    expect(verify(signed(), TS)).toBeUndefined();
    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
    const expected = crypto.createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex');
    expect(signed()).toBe(`sha256=${expected}`);
    expect(verify(`sha256=${expected.toUpperCase()}`, TS)).toBeUndefined();
  });

  it('refuses a signature that differs in one digit, through the constant-time compare', () => {
    const good = signed();
    const last = good.at(-1) === '0' ? '1' : '0';
    expect(verify(`${good.slice(0, -1)}${last}`, TS)).toMatchObject({
      error: 'signature_mismatch',
      header: 'x-signature',
    });
    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
  });

  it('refuses a tampered body, another secret, or a signature over another timestamp', () => {
    expect(verify(signed(), TS, BODY.replace('e-1', 'e-2'))?.error).toBe('signature_mismatch');
    expect(verify(signed(BODY, TS, 'another-secret'), TS)?.error).toBe('signature_mismatch');
    expect(verify(signed(BODY, String(Number(TS) - 1)), TS)?.error).toBe('signature_mismatch');
  });

  it('names a missing or malformed signature header', () => {
    expect(verify(undefined, TS)).toMatchObject({ error: 'signature_missing', header: 'x-signature' });
    expect(verify('', TS)?.error).toBe('signature_missing');
    for (const bad of ['abc', `sha1=${'a'.repeat(64)}`, `sha256=${'z'.repeat(64)}`, `sha256=${'a'.repeat(63)}`]) {
      expect(verify(bad, TS)).toMatchObject({ error: 'signature_malformed', header: 'x-signature' });
    }
    expect(crypto.timingSafeEqual).not.toHaveBeenCalled();
  });

  it('names a missing, non-numeric or expired timestamp (either way beyond 5 minutes)', () => {
    expect(verify(signed(), undefined)).toMatchObject({ error: 'timestamp_invalid', header: 'x-timestamp' });
    expect(verify(signed(BODY, 'yesterday'), 'yesterday')?.error).toBe('timestamp_invalid');
    const old = String(Number(TS) - 301);
    expect(verify(signed(BODY, old), old)).toMatchObject({ error: 'timestamp_expired', header: 'x-timestamp' });
    const future = String(Number(TS) + 301);
    expect(verify(signed(BODY, future), future)?.error).toBe('timestamp_expired');
    const edge = String(Number(TS) - 300);
    expect(verify(signed(BODY, edge), edge)).toBeUndefined();
  });
});
