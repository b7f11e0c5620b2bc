import { describe, expect, it } from 'vitest';
import { REDACTED, redactUrl, scrubSerializedJson, scrubString, scrubValue } from './redact.js';

describe('scrubString', () => {
  it('removes Bearer and Basic credentials and token=… pairs from free text', () => {
    const text =
      'GET failed: Authorization: Bearer eyJ.abc-123_x, retry with Basic bGFiOnNlY3JldA== and access_token=tok1';
    const clean = scrubString(text);
    expect(clean).not.toMatch(/eyJ|bGFi|tok1/);
    expect(clean).toContain(`Bearer ${REDACTED}`);
    expect(clean).toContain(`Basic ${REDACTED}`);
    expect(clean).toContain(`access_token=${REDACTED}`);
  });

  it('removes secrets from JSON quoted inside a string and leaves other text alone', () => {
    const clean = scrubString('body {"access_token":"abc","expires_in":86400} for queue q-1');
    expect(clean).toBe(`body {"access_token":"${REDACTED}","expires_in":86400} for queue q-1`);
  });
});

describe('scrubValue', () => {
  it('replaces values under secret-looking keys at any depth, whatever their type', () => {
    const value = {
      headers: { Authorization: 'Bearer X1', 'x-api-key': 'K1', accept: 'application/json' },
      oauth: { clientId: 'lab-client', clientSecret: 'S1', token: { value: 'T1' } },
      list: [{ password: 'P1' }, 'Bearer X2'],
    };
    const clean = scrubValue(value);
    expect(JSON.stringify(clean)).not.toMatch(/X1|K1|S1|T1|P1|X2/);
    expect(clean).toMatchObject({ headers: { accept: 'application/json' }, oauth: { clientId: 'lab-client' } });
    expect(value.headers.Authorization).toBe('Bearer X1');
  });

  it('turns Errors into plain objects with the message, stack and cause scrubbed', () => {
    const error = new Error('401 for Bearer E1', { cause: new Error('token=E2') });
    const clean = scrubValue({ err: error }) as { err: { type: string; message: string; stack: string } };
    expect(clean.err.type).toBe('Error');
    expect(clean.err.message).toBe(`401 for Bearer ${REDACTED}`);
    expect(JSON.stringify(clean)).not.toMatch(/E1|E2/);
  });

  it('reads fetch Headers and survives cycles', () => {
    const cyclic: Record<string, unknown> = { headers: new Headers({ authorization: 'Bearer H1', etag: 'v1' }) };
    cyclic.self = cyclic;
    const clean = scrubValue(cyclic) as Record<string, unknown>;
    expect(clean.headers).toEqual({ authorization: REDACTED, etag: 'v1' });
    expect(clean.self).toBe('[Circular]');
  });
});

describe('redactUrl', () => {
  it('redacts token query parameters and user info, keeping the rest', () => {
    expect(redactUrl('https://u:pw@api.example/x?access_token=A&pageSize=2')).toBe(
      'https://REDACTED:REDACTED@api.example/x?access_token=REDACTED&pageSize=2',
    );
    expect(redactUrl('http://h/api/v2/users?pageSize=2')).toBe('http://h/api/v2/users?pageSize=2');
  });
});

describe('scrubSerializedJson', () => {
  it('redacts string members under secret-looking keys and credentials inside escaped JSON', () => {
    const line = JSON.stringify({
      msg: 'body {"access_token":"J1"} sent',
      myApiKey: 'J2',
      refreshToken: 'J3',
      tokenCount: 3,
      nested: { Authorization: 'Basic J4' },
    });
    const clean = scrubSerializedJson(line);
    expect(clean).not.toMatch(/J1|J2|J3|J4/);
    expect(JSON.parse(clean)).toMatchObject({ myApiKey: REDACTED, refreshToken: REDACTED, tokenCount: 3 });
  });
});
