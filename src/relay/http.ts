/**
 * The relay serves the built app (`dist/`) over plain HTTP, so phones on the
 * room's network open `http://<laptop>:8787` and install the PWA from there,
 * with no internet anywhere. GET and HEAD only; a path resolves inside the
 * root or not at all (no `..`, no NUL, no symlinked escape by name); a path
 * without a file extension that is not a file gets `index.html` (the app's
 * own router takes it from there); a missing asset is a plain 404.
 */
import { createReadStream, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

export function mimeOf(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function fileAt(path: string): Promise<Stats | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s : null;
  } catch {
    return null;
  }
}

/** A request handler that serves files under `root` (null: the app is not built, and the page says so). */
export function staticFiles(root: string | null): (req: IncomingMessage, res: ServerResponse) => void {
  const base = root === null ? null : resolve(root);
  return (req, res) => {
    void serve(base, req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'The relay could not read that file.');
      else res.destroy();
    });
  };
}

async function serve(base: string | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return plain(res, 405, 'Only GET and HEAD.');
  }
  if (base === null) return plain(res, 503, 'The relay is running, but the app is not built: run `npm run build`, then restart the relay.');
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://relay').pathname);
  } catch {
    return plain(res, 400, 'Bad path.');
  }
  if (path.includes('\0') || path.includes('\\')) return plain(res, 400, 'Bad path.');
  const target = resolve(base, '.' + path);
  if (target !== base && !target.startsWith(base + sep)) return plain(res, 404, 'Not found.');
  let file = target;
  let s = await fileAt(file);
  if (s === null && extname(path) === '') {
    file = resolve(base, 'index.html');
    s = await fileAt(file);
  }
  if (s === null) return plain(res, 404, 'Not found.');
  // A symlink inside dist that points outside it is not served.
  const real = await realpath(file);
  const realBase = await realpath(base);
  if (!real.startsWith(realBase + sep)) return plain(res, 404, 'Not found.');
  const name = file.slice(base.length + 1);
  res.writeHead(200, {
    'Content-Type': mimeOf(file),
    'Content-Length': s.size,
    'X-Content-Type-Options': 'nosniff',
    // Hashed assets never change; the page, the service worker and the manifest must be fetched fresh.
    'Cache-Control': name.startsWith(`assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}
