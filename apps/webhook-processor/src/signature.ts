import { createHmac, timingSafeEqual } from 'node:crypto';

/** Why a webhook's signature was refused; `header` is the one at fault. */
export interface SignatureProblem {
  error: 'signature_missing' | 'signature_malformed' | 'signature_mismatch' | 'timestamp_invalid' | 'timestamp_expired';
  header: 'x-signature' | 'x-timestamp';
  message: string;
}

export interface SignedRequest {
  /** The `x-signature` header: `sha256=<hex>`. */
  signature: string | undefined;
  /** The `x-timestamp` header: unix seconds. */
  timestamp: string | undefined;
  /** The body exactly as it came off the wire (a string is taken as its UTF-8 bytes). */
  rawBody: Buffer | string;
}

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * The hex HMAC-SHA256 of the bytes `${timestamp}.` followed by the raw body: what a sender puts after `sha256=`.
 * Over the bytes as sent, never a decoded or re-serialised form (escapes, whitespace and invalid UTF-8 all count).
 */
export function signWebhook(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * Checks a webhook's signature: the timestamp within `toleranceSeconds` of now (either way: a replayed capture is
 * refused once it is old), then the HMAC over `${timestamp}.${rawBody}`, compared in constant time. Returns the
 * problem, or undefined when the request is authentic.
 */
export function verifyWebhookSignature(
  request: SignedRequest,
  secret: string,
  { toleranceSeconds, nowMs = Date.now() }: { toleranceSeconds: number; nowMs?: number },
): SignatureProblem | undefined {
  if (!request.signature) {
    return { error: 'signature_missing', header: 'x-signature', message: 'missing x-signature header' };
  }
  if (!request.timestamp || !/^\d{1,12}$/.test(request.timestamp)) {
    return {
      error: 'timestamp_invalid',
      header: 'x-timestamp',
      message: 'x-timestamp must be unix seconds (it is part of the signed material)',
    };
  }
  const ageSeconds = Math.abs(nowMs / 1_000 - Number(request.timestamp));
  if (ageSeconds > toleranceSeconds) {
    return {
      error: 'timestamp_expired',
      header: 'x-timestamp',
      message: `x-timestamp is more than ${toleranceSeconds} s away from now`,
    };
  }
  const hex = SIGNATURE.exec(request.signature)?.[1];
  if (!hex) {
    return {
      error: 'signature_malformed',
      header: 'x-signature',
      message: 'x-signature must be sha256=<64 hex digits>',
    };
  }
  const expected = Buffer.from(signWebhook(secret, request.timestamp, request.rawBody), 'hex');
  const given = Buffer.from(hex, 'hex');
  // Both are 32 bytes here (the pattern fixes the length), so timingSafeEqual never throws on a length mismatch.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { error: 'signature_mismatch', header: 'x-signature', message: 'x-signature does not match the body' };
  }
  return undefined;
}
