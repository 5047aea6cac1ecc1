/**
 * Serves the built renderer (out/renderer). Paths are resolved inside the root and refused when they
 * leave it, so `/../../etc/passwd` and its encoded forms never reach the file system outside the root.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { RENDERER_CSP } from './httpSecurity.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` for a URL path, or null when the path is malformed or escapes the root.
 * Exported for its tests: traversal is the one thing here that must never regress.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const absoluteRoot = resolve(root);
  const candidate = resolve(join(absoluteRoot, decoded));
  const rel = relative(absoluteRoot, candidate);
  if (rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null;
  return candidate;
}

/**
 * Sends a file of the renderer. Unknown paths without an extension get index.html (the UI routes on
 * the client); unknown assets get 404. Returns false when nothing was sent (caller answers 404).
 */
export async function sendStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
  headOnly: boolean,
): Promise<boolean> {
  const target = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath);
  if (!target) return false;
  let file = target;
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info && extname(target) === '') {
    file = join(resolve(root), 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return false;

  const type = contentTypeFor(file);
  const isHtml = type.startsWith('text/html');
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': info.size,
    // Hashed asset names can be cached for good; the page itself must always be fresh.
    'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    ...(isHtml ? { 'Content-Security-Policy': RENDERER_CSP } : {}),
  });
  if (headOnly) {
    res.end();
    return true;
  }
  await new Promise<void>((resolveSent) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolveSent();
    });
    stream.on('end', () => resolveSent());
    stream.pipe(res);
  });
  return true;
}
