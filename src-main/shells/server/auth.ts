import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The headless server's access token: random, compared in constant time, never logged. */
export class AccessToken {
  readonly value: string;
  private readonly digest: Buffer;

  constructor(value = randomBytes(32).toString('base64url')) {
    this.value = value;
    this.digest = sha256(value);
  }

  matches(candidate: string | undefined): boolean {
    // Hashing first gives equal-length buffers, so the comparison time says nothing about the token.
    return candidate !== undefined && timingSafeEqual(this.digest, sha256(candidate));
  }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

export function cookieName(port: number): string {
  return `sahel_token_${port}`;
}

export type TokenSource = 'query' | 'header' | 'cookie';

/**
 * The request target as a URL, or undefined when it is not an origin-form path (`/path?query`).
 * `//x:y/`, `//evil/…`, `/\…` and absolute forms (`http://…`) would make the WHATWG parser read a
 * host (or throw); this server only ever serves its own paths, so they are refused, not guessed at.
 */
export function parseTarget(raw: string | undefined): URL | undefined {
  if (raw === undefined || !raw.startsWith('/') || raw[1] === '/' || raw[1] === '\\') return undefined;
  try {
    return new URL(raw, 'http://local');
  } catch {
    return undefined;
  }
}

/** The token a request presents, and where it came from (a query token is swapped for a cookie). */
export function presentedToken(
  req: IncomingMessage,
  target: URL,
  port: number,
): { token: string; source: TokenSource } | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), source: 'header' };
  const q = target.searchParams.get('token');
  if (q) return { token: q, source: 'query' };
  const cookie = ownCookie(req.headers.cookie, cookieName(port));
  if (cookie) return { token: cookie, source: 'cookie' };
  return undefined;
}

/**
 * Sahel's own cookie only, taken as sent: the token is base64url, so it needs no decoding, and other
 * apps' cookies on 127.0.0.1 (which reach every port) are never parsed, however they are encoded.
 */
function ownCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/** Host names the server answers to; anything else is a DNS-rebinding attempt. */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  names.add(bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost);
  return new Set([...names].map((h) => `${h}:${port}`));
}

export function isAllowedHost(req: IncomingMessage, allowed: Set<string>): boolean {
  return allowed.has((req.headers.host ?? '').toLowerCase());
}

/** A browser's WebSocket must come from a page this server served; non-browser clients send no Origin. */
export function isAllowedOrigin(req: IncomingMessage, allowed: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && allowed.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}
