import { afterAll, describe, expect, it } from 'vitest';
import { startInMemoryTracing } from '../test/in-memory-tracing.js';
import { captureLines } from '../test/log-capture.js';
import { withGenesysSpan } from './genesys-span.js';
import { createLogger } from './logger.js';
import { REDACTED } from './redact.js';

const tracing = await startInMemoryTracing();
afterAll(() => tracing.shutdown());

describe('createLogger', () => {
  it('adds service always, and trace_id/span_id of the active span only inside one', async () => {
    const out = captureLines();
    const logger = createLogger({ service: 'queue-monitor', destination: out.destination });
    logger.info('outside');
    const ids = await withGenesysSpan('genesys.x', { family: 'routing' }, (span) => {
      logger.info({ queueId: 'q-1' }, 'inside');
      return span.spanContext();
    });
    const [outside, inside] = out.lines();
    expect(outside).toMatchObject({ service: 'queue-monitor', msg: 'outside' });
    expect(outside).not.toHaveProperty('trace_id');
    expect(inside).toMatchObject({ msg: 'inside', queueId: 'q-1', trace_id: ids.traceId, span_id: ids.spanId });
  });

  it('never writes Authorization headers, tokens or client secrets, wherever they are', () => {
    const out = captureLines();
    const logger = createLogger({ service: 'svc', level: 'debug', destination: out.destination });
    const child = logger.child({ clientSecret: 'CS1', note: 'login with Basic Q1M6U0VDUkVU' });
    child.info({ headers: { Authorization: 'Bearer SECRET1', accept: 'json' } }, 'request sent');
    child.info({ req: { method: 'GET', url: '/x', headers: { authorization: 'Bearer SECRET2' } } }, 'incoming');
    child.warn({ oauth: { access_token: 'SECRET3', expires_in: 60 } }, 'token for Bearer %s', 'SECRET4');
    child.error(new Error('refused: Authorization: Bearer SECRET5'));
    child.error({ err: new Error('token=SECRET6'), attempt: 2 }, 'call failed');
    child.debug('raw body {"access_token":"SECRET7"} password=SECRET8');
    const text = out.raw();
    expect(text).not.toMatch(/SECRET\d|CS1|Q1M6U0VDUkVU/);
    const lines = out.lines();
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatchObject({ clientSecret: REDACTED, headers: { Authorization: REDACTED, accept: 'json' } });
    expect(lines[2]).toMatchObject({ oauth: { access_token: REDACTED, expires_in: 60 } });
    expect(lines[3]).toMatchObject({ err: { type: 'Error', message: `refused: Authorization: Bearer ${REDACTED}` } });
    expect(lines[4]).toMatchObject({ attempt: 2, msg: 'call failed' });
  });

  it('honours the level', () => {
    const out = captureLines();
    const logger = createLogger({ service: 'svc', level: 'warn', destination: out.destination });
    logger.info('dropped');
    logger.warn('kept');
    expect(out.lines().map((line) => line.msg)).toEqual(['kept']);
  });
});
