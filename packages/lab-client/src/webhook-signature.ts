import { createHmac } from 'node:crypto';

/**
 * The headers of a webhook signed the way Genesys signs them and webhook-processor checks them:
 * HMAC-SHA256 of the bytes "<timestamp>." and then the body as sent (a string as its UTF-8 bytes) with the
 * shared secret, hex, as `sha256=<hex>`.
 */
export function webhookSignatureHeaders(
  body: string | Buffer,
  secret: string,
  nowMs = Date.now(),
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1_000));
  const digest = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return { 'x-timestamp': timestamp, 'x-signature': `sha256=${digest}` };
}
