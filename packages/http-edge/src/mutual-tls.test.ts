import { describe, expect, it } from 'vitest';
import { tlsMaterial, tlsShape } from './mutual-tls.js';

describe('the TLS contract', () => {
  it('is plain when no TLS_* variable is set', () => {
    expect(tlsMaterial({})).toBeUndefined();
  });

  it('names the missing variables when only some are set', () => {
    expect(() => tlsMaterial({ TLS_CA_FILE: '/x/ca.crt' })).toThrow(/TLS_CERT_FILE, TLS_KEY_FILE missing/);
  });

  it('names the variable whose file cannot be read', () => {
    expect(() =>
      tlsMaterial({
        TLS_CA_FILE: '/nonexistent/ca.crt',
        TLS_CERT_FILE: '/nonexistent/a',
        TLS_KEY_FILE: '/nonexistent/b',
      }),
    ).toThrow(/TLS_CA_FILE: ENOENT/);
  });

  it('reads the allowed clients as a list', () => {
    expect(tlsShape.TLS_ALLOWED_CLIENTS.parse(' crm-sync, prometheus ,')).toEqual(['crm-sync', 'prometheus']);
  });
});
