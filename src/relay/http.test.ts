import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LogStore } from './logStore';
import { startRelay } from './server';

const dir = mkdtempSync(join(tmpdir(), 'relay-http-'));
const dist = join(dir, 'dist');
mkdirSync(join(dist, 'assets'), { recursive: true });
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Bourse</title>');
writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
writeFileSync(join(dist, 'manifest.webmanifest'), '{}');
writeFileSync(join(dir, 'secret.txt'), 'secret');
symlinkSync(join(dir, 'secret.txt'), join(dist, 'leak.txt'));

const relays = [startRelay({ store: LogStore.open(), port: 0, host: '127.0.0.1', dist, log: () => {} }), startRelay({ store: LogStore.open(), port: 0, host: '127.0.0.1', dist: null, log: () => {} })];
afterAll(async () => {
  for (const r of relays) await (await r).close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request: the path goes on the wire as written (no client-side normalizing of `..`). */
function get(port: number, path: string, method = 'GET'): Promise<{ status: number; type: string; body: string; cache: string }> {
  return new Promise((ok, ko) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => ok({ status: res.statusCode!, type: String(res.headers['content-type']), body, cache: String(res.headers['cache-control']) }));
    });
    req.on('error', ko);
    req.end();
  });
}

describe('relay: serving the built app', () => {
  it('serves files with their MIME types and caching', async () => {
    const { port } = await relays[0];
    expect(await get(port, '/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', cache: 'no-cache' });
    expect(await get(port, '/assets/app-1234.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
    expect((await get(port, '/assets/app-1234.js')).cache).toContain('immutable');
    expect(await get(port, '/manifest.webmanifest')).toMatchObject({ status: 200, type: 'application/manifest+json; charset=utf-8' });
    expect(await get(port, '/assets/app-1234.js', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });

  it('answers an app route with index.html, and a missing asset with 404', async () => {
    const { port } = await relays[0];
    expect(await get(port, '/room/ABCDEF?join=1')).toMatchObject({ status: 200, body: '<!doctype html><title>Bourse</title>' });
    expect((await get(port, '/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside dist', async () => {
    const { port } = await relays[0];
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/leak.txt', '/%00index.html', '/..\\secret.txt']) {
      const r = await get(port, p);
      expect(r.body, p).not.toContain('secret');
      expect([400, 404, 200], p).toContain(r.status);
    }
    expect((await get(port, '/x', 'POST')).status).toBe(405);
    expect((await get(port, '/%E0%A4%A')).status).toBe(400);
  });

  it('says so when the app is not built', async () => {
    const { port } = await relays[1];
    expect(await get(port, '/')).toMatchObject({ status: 503 });
  });
});
