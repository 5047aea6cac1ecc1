/**
 * The checks that keep a loopback HTTP server private to the user who started it: other local users
 * and web pages in the same browser can reach 127.0.0.1 too, so every API request must carry the
 * token, and the Host/Origin headers must name loopback (a DNS-rebinding page has a foreign Host).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The token cookie's name starts with this and ends with the instance id: cookies are kept per host, not
 * per port, so two docpipes on two data folders (two ports of 127.0.0.1) would otherwise overwrite each
 * other's cookie and sign each other's tabs out.
 */
export const TOKEN_COOKIE_PREFIX = 'docpipe_token_';

/** How long the browser keeps the cookie, s: the token outlives restarts, so the cookie may too (Chrome's cap). */
const TOKEN_COOKIE_MAX_AGE_S = 400 * 24 * 3600;

/** Host names the server answers to. Anything else is a DNS-rebinding attempt or a misconfiguration. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_NAMES.has(host.toLowerCase());
}

/** 32 random bytes, URL-safe: long enough that guessing is hopeless, short enough to paste. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** An instance id names one data folder's server (its cookie); lower-case hex, safe in a cookie name. */
export const INSTANCE_ID_PATTERN = /^[0-9a-f]{8,32}$/;

export function newInstanceId(): string {
  return randomBytes(8).toString('hex');
}

export function tokenCookieName(instanceId: string): string {
  return `${TOKEN_COOKIE_PREFIX}${instanceId}`;
}

/** The base URL of a server: `http://127.0.0.1:43817`, an IPv6 host in brackets. */
export function baseUrl(host: string, port: number): string {
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${urlHost}:${port}`;
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

/** The token of a request: `Authorization: Bearer …`, then this instance's cookie, then `?token=`. */
export function requestToken(req: IncomingMessage, url: URL, instanceId: string): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const cookie = readCookie(req.headers.cookie, tokenCookieName(instanceId));
  if (cookie) return cookie;
  return url.searchParams.get('token');
}

/** A cookie's value; null when absent or not decodable (a mangled cookie is no token, never a server error). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
  }
  return null;
}

/** Whether the Cookie header has a cookie of that name, whatever its value. */
export function hasCookie(header: string | undefined, name: string): boolean {
  return (header ?? '').split(';').some((part) => part.split('=', 1)[0]?.trim() === name);
}

/**
 * HttpOnly: page scripts never see it; SameSite=Strict: other sites' pages cannot send it. It lasts
 * (Max-Age) because the token does: a restarted docpipe, or a restarted browser, finds the tab signed in.
 */
export function tokenCookie(token: string, instanceId: string): string {
  return `${tokenCookieName(instanceId)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${TOKEN_COOKIE_MAX_AGE_S}`;
}

/** A browser loading a page (as opposed to a script fetching data): it accepts HTML. */
export function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/i.test(req.headers.accept ?? '');
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
