import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { internalFetch } from '@lab/http-edge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Real certificates from Debian's openssl: a CA the service trusts, its own certificate, and two servers it must
// not trust: one the CA signed for another name only, one self-signed (another CA).
const openssl = (args: string[]) => promisify(execFile)('openssl', args);
const dir = mkdtempSync(join(tmpdir(), 'internal-fetch-'));
const file = (name: string) => join(dir, name);
const read = (name: string) => readFileSync(file(name));
const servers: Server[] = [];
const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

async function leaf(name: string, sans: string): Promise<void> {
  await openssl([
    'req',
    '-new',
    ...ec,
    '-keyout',
    file(`${name}.key`),
    '-out',
    file(`${name}.csr`),
    '-subj',
    `/CN=${name}`,
  ]);
  writeFileSync(file(`${name}.ext`), `subjectAltName=${sans}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  await openssl([
    'x509',
    '-req',
    '-in',
    file(`${name}.csr`),
    '-CA',
    file('ca.crt'),
    '-CAkey',
    file('ca.key'),
    '-set_serial',
    '0x1234',
    '-days',
    '1',
    '-extfile',
    file(`${name}.ext`),
    '-out',
    file(`${name}.crt`),
  ]);
}

async function serve(cert: Buffer, key: Buffer): Promise<string> {
  const server = createServer({ cert, key }, (_req, res) => res.end('served'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `https://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

beforeAll(async () => {
  await openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('ca.key'),
    '-out',
    file('ca.crt'),
    '-days',
    '1',
    '-subj',
    '/CN=test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
  ]);
  await leaf('crm-sync', 'DNS:crm-sync,IP:127.0.0.1');
  await leaf('mock-crm', 'DNS:mock-crm,IP:127.0.0.1');
  await leaf('elsewhere', 'DNS:elsewhere');
  await openssl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    file('rogue.key'),
    '-out',
    file('rogue.crt'),
    '-days',
    '1',
    '-subj',
    '/CN=rogue',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
});
afterAll(() => {
  for (const server of servers) server.close();
});

describe("internalFetch: the service's side of an internal hop", () => {
  const call = () => internalFetch({ ca: read('ca.crt'), cert: read('crm-sync.crt'), key: read('crm-sync.key') });

  it('reaches a server the lab CA signed for 127.0.0.1', async () => {
    const response = await call()(await serve(read('mock-crm.crt'), read('mock-crm.key')));
    expect(await response.text()).toBe('served');
  });

  it('fails a server whose certificate is for another name, naming why', async () => {
    const url = await serve(read('elsewhere.crt'), read('elsewhere.key'));
    await expect(call()(url)).rejects.toThrow(/ERR_TLS_CERT_ALTNAME_INVALID/);
  });

  it("fails a server whose certificate is another CA's, naming why", async () => {
    const url = await serve(read('rogue.crt'), read('rogue.key'));
    await expect(call()(url)).rejects.toThrow(/DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
  });

  it('keeps the global fetch when plain', async () => {
    await expect(internalFetch(undefined)('http://127.0.0.1:1/')).rejects.toThrow(TypeError);
  });
});
