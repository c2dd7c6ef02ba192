// A throwaway self-signed certificate for the mock venue (server.ts): made by
// /usr/bin/openssl in a temp dir at start, read into memory, the dir removed.
// Chromium accepts it because the tests launch it with --ignore-certificate-errors;
// nothing else ever sees it.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cert {
  key: string;
  cert: string;
}

export function selfSignedCert(): Cert {
  const dir = mkdtempSync(join(tmpdir(), 'bourse-venue-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
      '-keyout', keyFile, '-out', certFile,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`could not make a self-signed certificate with openssl (is /usr/bin/openssl installed?): ${detail}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
