import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Topology } from '@lab/topology';

const run = promisify(execFile);
const openssl = (args: string[], cwd?: string) => run('openssl', args, { cwd });

/** The folder under the lab's state dir that holds the lab CA and every certificate of the mTLS profile. */
export const PKI_DIR = 'pki';
/** Lifetimes: the CA outlives its leaves; a cached set is re-issued when anything expires within a day. */
const CA_DAYS = 90;
const LEAF_DAYS = 30;
const MIN_REMAINING_SECONDS = 24 * 3600;
/** Names the runner itself needs besides the topology's services: its health checks, Prometheus, Redis, the ingress. */
export const INFRA_IDENTITIES = ['lab-runner', 'prometheus', 'redis', 'ingress'] as const;

/** The PEM files of one identity, as the processes' TLS_* variables name them. */
export interface IdentityFiles {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface LabPki {
  dir: string;
  caFile: string;
  /** The certificate and key of `name` (CN and DNS SAN `name`, DNS localhost, IP 127.0.0.1), and the CA. */
  identity(name: string): IdentityFiles;
  /** cert + key in one file, as HAProxy's `crt` takes them. */
  pemFile(name: string): string;
  /** Whether this call issued the set (first start, expiry, a new name, or `rotate`) rather than reusing it. */
  issued: boolean;
}

/** Every identity of the mTLS profile for a topology: each service inside the mesh, then the runner's own. */
export function labIdentities(t: Topology): string[] {
  const services = Object.entries(t.services)
    .filter(([, s]) => !s.outsideMesh)
    .map(([name]) => name);
  return [...services, ...INFRA_IDENTITIES];
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** `openssl req` arguments for a new, unencrypted EC P-256 key: every key of the lab PKI, the CA's and the leaves'. */
const NEW_P256_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Creates a self-signed CA (EC P-256) in `dir`: ca.crt and ca.key. */
export async function createCa(dir: string, commonName: string, days = CA_DAYS): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await openssl([
    'req',
    '-x509',
    ...NEW_P256_KEY,
    '-keyout',
    join(dir, 'ca.key'),
    '-out',
    join(dir, 'ca.crt'),
    '-days',
    String(days),
    '-subj',
    `/CN=${commonName}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  chmodSync(join(dir, 'ca.key'), 0o600);
}

export interface LeafOptions {
  /** Folder of ca.crt and ca.key (the issuer). */
  caDir: string;
  /** Where <name>.crt, <name>.key and <name>.pem go. */
  outDir: string;
  name: string;
  days?: number;
  /** For tests: a certificate whose validity ended in 2020 (signed by the CA, otherwise correct). */
  expired?: boolean;
  /** For tests: other subjectAltNames than the lab's (`DNS:<name>, DNS:localhost, IP:127.0.0.1`), e.g. ["DNS:elsewhere"]. */
  sans?: string[];
}

/**
 * Issues a leaf certificate for `name` from the CA in `caDir`: EC P-256, CN and DNS SAN `name`, DNS localhost and
 * IP 127.0.0.1 (everything in the lab is reached at 127.0.0.1, through Toxiproxy too), usable as server and client.
 */
export async function issueLeaf(options: LeafOptions): Promise<IdentityFiles> {
  const { caDir, outDir, name } = options;
  if (!NAME.test(name)) throw new Error(`bad certificate name "${name}" (lowercase letters, digits, "-")`);
  mkdirSync(outDir, { recursive: true });
  const keyFile = join(outDir, `${name}.key`);
  const certFile = join(outDir, `${name}.crt`);
  const csr = join(outDir, `${name}.csr`);
  const ext = join(outDir, `${name}.ext`);
  writeFileSync(
    ext,
    [
      `subjectAltName=${(options.sans ?? [`DNS:${name}`, 'DNS:localhost', 'IP:127.0.0.1']).join(',')}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth,clientAuth',
      '',
    ].join('\n'),
  );
  await openssl(['req', '-new', ...NEW_P256_KEY, '-keyout', keyFile, '-out', csr, '-subj', `/CN=${name}`]);
  chmodSync(keyFile, 0o600);
  if (options.expired) await signExpired(caDir, csr, ext, certFile);
  else {
    await openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      join(caDir, 'ca.crt'),
      '-CAkey',
      join(caDir, 'ca.key'),
      '-set_serial',
      `0x${randomSerial()}`,
      '-days',
      String(options.days ?? LEAF_DAYS),
      '-sha256',
      '-extfile',
      ext,
      '-out',
      certFile,
    ]);
  }
  rmSync(csr);
  rmSync(ext);
  writeFileSync(join(outDir, `${name}.pem`), readFileSync(certFile, 'utf8') + readFileSync(keyFile, 'utf8'), {
    mode: 0o600,
  });
  return { caFile: join(caDir, 'ca.crt'), certFile, keyFile };
}

/** 128 random bits, high bit clear (a serial is a positive integer), as hex. */
const randomSerial = () => {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10;
  return bytes.toString('hex');
};

/** `openssl x509` cannot date a certificate in the past (OpenSSL 3.0); `openssl ca` can, with a throwaway database. */
async function signExpired(caDir: string, csr: string, ext: string, certFile: string): Promise<void> {
  const db = join(certFile, '..', `.ca-db-${process.pid}-${Date.now()}`);
  mkdirSync(db, { recursive: true });
  writeFileSync(join(db, 'index.txt'), '');
  writeFileSync(join(db, 'serial'), `${randomSerial()}\n`);
  const config = join(db, 'ca.cnf');
  writeFileSync(
    config,
    [
      '[ca]',
      'default_ca = lab',
      '[lab]',
      `database = ${join(db, 'index.txt')}`,
      `new_certs_dir = ${db}`,
      `serial = ${join(db, 'serial')}`,
      `certificate = ${join(caDir, 'ca.crt')}`,
      `private_key = ${join(caDir, 'ca.key')}`,
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  );
  try {
    await openssl([
      'ca',
      '-batch',
      '-notext',
      '-config',
      config,
      '-in',
      csr,
      '-out',
      certFile,
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200102000000Z',
      '-extfile',
      ext,
    ]);
  } finally {
    rmSync(db, { recursive: true, force: true });
  }
}

/** True when `file` is a certificate valid for at least `seconds` more (and, with `caFile`, signed by that CA). */
async function stillValid(file: string, seconds: number, caFile?: string): Promise<boolean> {
  if (!existsSync(file)) return false;
  try {
    await openssl(['x509', '-checkend', String(seconds), '-noout', '-in', file]);
    if (caFile) await openssl(['verify', '-CAfile', caFile, file]);
    return true;
  } catch {
    return false;
  }
}

function pkiAt(dir: string, issued: boolean): LabPki {
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    identity: (name) => ({
      caFile: join(dir, 'ca.crt'),
      certFile: join(dir, `${name}.crt`),
      keyFile: join(dir, `${name}.key`),
    }),
    pemFile: (name) => join(dir, `${name}.pem`),
    issued,
  };
}

/**
 * The lab PKI under `<stateDir>/pki`: reused when the CA and every named leaf are there, signed by that CA and
 * valid for another day; else (or with `rotate`) a new CA and every leaf are issued into a new folder that then
 * replaces the old one whole, so a set is never half old, half new.
 */
export async function ensureLabPki(
  stateDir: string,
  names: readonly string[],
  { rotate = false }: { rotate?: boolean } = {},
): Promise<LabPki> {
  const dir = join(stateDir, PKI_DIR);
  const caFile = join(dir, 'ca.crt');
  if (!rotate && (await stillValid(caFile, MIN_REMAINING_SECONDS))) {
    const checks = await Promise.all(
      names.map((name) => stillValid(join(dir, `${name}.crt`), MIN_REMAINING_SECONDS, caFile)),
    );
    const keys = names.every((name) => existsSync(join(dir, `${name}.key`)) && existsSync(join(dir, `${name}.pem`)));
    if (checks.every(Boolean) && keys) return pkiAt(dir, false);
  }
  const next = `${dir}.new-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  await createCa(next, `Genesys Resilience Lab CA ${new Date().toISOString()}`);
  for (const name of names) await issueLeaf({ caDir: next, outDir: next, name });
  rmSync(dir, { recursive: true, force: true });
  renameSync(next, dir);
  return pkiAt(dir, true);
}

/** The lab PKI as a running lab left it, without issuing anything (`lab status`); undefined when there is none. */
export function readLabPki(stateDir: string): LabPki | undefined {
  const dir = join(stateDir, PKI_DIR);
  return existsSync(join(dir, 'ca.crt')) ? pkiAt(dir, false) : undefined;
}
