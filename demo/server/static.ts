/** Serves the built demo app from DIST_DIR, with an SPA fallback to index.html. */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { isNotModified } from './conditional';
import { httpDate, sendReply } from './http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

function text(req: IncomingMessage, res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  sendReply(req, res, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers }, body });
}

/**
 * Maps a URL path to a file inside `root`, or undefined if it would escape it.
 * Decoding happens before the check so `%2e%2e/` can't slip through.
 */
export function resolveInside(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const file = resolve(root, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

async function isFile(file: string): Promise<{ mtimeMs: number; size: number } | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}

function cacheControlFor(pathname: string): string {
  // Vite fingerprints everything under /assets/, so a changed file gets a new URL.
  if (pathname.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

export async function serveStatic(distDir: string, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const root = resolve(distDir);
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) {
    text(req, res, 404, `Demo app not built: ${root} does not exist. Run \`npm run build\` first (the API still works).\n`);
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    text(req, res, 405, 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
    return;
  }
  let target = pathname === '/' ? '/index.html' : pathname;
  let file = resolveInside(root, target);
  let info = file === undefined ? undefined : await isFile(file);
  if (!info && file !== undefined && (req.headers.accept ?? '').includes('text/html')) {
    target = '/index.html';
    file = resolveInside(root, target);
    info = file === undefined ? undefined : await isFile(file);
  }
  if (!info || file === undefined) {
    text(req, res, 404, 'Not Found\n');
    return;
  }

  // Weak: derived from size and mtime, not from the bytes.
  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControlFor(target),
    ETag: etag,
    'Last-Modified': httpDate(info.mtimeMs),
  };
  if (target === '/sw.js') headers['Service-Worker-Allowed'] = '/';
  const conditional = { ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] };
  if (isNotModified(conditional, { etag, lastModifiedMs: info.mtimeMs })) {
    const { 'Content-Type': _omitted, ...notModified } = headers;
    sendReply(req, res, { status: 304, headers: notModified });
    return;
  }
  const bytes = await readFile(file);
  res.statusCode = 200;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Length', String(bytes.length));
  res.end(req.method === 'HEAD' ? undefined : bytes);
}
