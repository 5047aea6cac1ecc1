/**
 * The checks that keep a loopback HTTP server private to the user who started it: other local users
 * and web pages in the same browser can reach 127.0.0.1 too, so every API request must carry the
 * token, and the Host/Origin headers must name loopback (a DNS-rebinding page has a foreign Host).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'docpipe_token';

/** Host names the server answers to. Anything else is a DNS-rebinding attempt or a misconfiguration. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase());
}

/** 32 random bytes, URL-safe: long enough that guessing is hopeless, short enough to paste. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True when the Host header names a loopback address with our port (or no port). */
export function hostHeaderAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.trim());
  if (!match) return false;
  const [, name = '', portText] = match;
  if (!isLoopbackHost(name)) return false;
  return portText === undefined || Number(portText) === port;
}

/** A request with an Origin must come from a page we served (same loopback origin). */
export function originAllowed(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true;
  try {
    const origin = new URL(originHeader);
    return origin.protocol === 'http:' && hostHeaderAllowed(origin.host, port);
  } catch {
    return false;
  }
}

export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of a request: `Authorization: Bearer …`, then the cookie, then `?token=`. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const cookie = readCookie(req.headers.cookie, TOKEN_COOKIE);
  if (cookie) return cookie;
  return url.searchParams.get('token');
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** HttpOnly: page scripts never see it; SameSite=Strict: other sites' pages cannot send it. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * The page's CSP: only our own scripts, styles and connections. The renderer has no inline scripts
 * (vite emits files), so nothing needs 'unsafe-inline'. Images may be blob: URLs, which only the page
 * itself can make: the desktop app shows page pictures that way (their bytes come over IPC).
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
