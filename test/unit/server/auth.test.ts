import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  AccessToken,
  allowedHosts,
  isAllowedHost,
  isAllowedOrigin,
  presentedToken,
} from '../../../src-main/shells/server/auth.js';

const req = (headers: Record<string, string>, url = '/') => ({ headers, url }) as unknown as IncomingMessage;

describe('headless server auth', () => {
  it('matches only the exact token', () => {
    const t = new AccessToken();
    expect(t.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t.matches(t.value)).toBe(true);
    expect(t.matches(`${t.value}x`)).toBe(false);
    expect(t.matches(t.value.slice(0, -1))).toBe(false);
    expect(t.matches('')).toBe(false);
    expect(t.matches(undefined)).toBe(false);
    expect(new AccessToken().value).not.toBe(t.value);
  });

  it('finds the token in a Bearer header, the query or the per-port cookie', () => {
    expect(presentedToken(req({ authorization: 'Bearer abc' }), 80)).toEqual({
      token: 'abc',
      source: 'header',
    });
    expect(presentedToken(req({}, '/x?token=q1'), 80)).toEqual({ token: 'q1', source: 'query' });
    expect(presentedToken(req({ cookie: 'a=b; sahel_token_80=c1' }), 80)).toEqual({
      token: 'c1',
      source: 'cookie',
    });
    expect(presentedToken(req({ cookie: 'sahel_token_81=c1' }), 80)).toBeUndefined();
  });

  it('accepts only its own Host names and Origins', () => {
    const hosts = allowedHosts('127.0.0.1', 4000);
    expect(isAllowedHost(req({ host: '127.0.0.1:4000' }), hosts)).toBe(true);
    expect(isAllowedHost(req({ host: 'localhost:4000' }), hosts)).toBe(true);
    expect(isAllowedHost(req({ host: 'evil.example:4000' }), hosts)).toBe(false);
    expect(isAllowedHost(req({ host: '127.0.0.1:4001' }), hosts)).toBe(false);
    expect(isAllowedOrigin(req({ origin: 'http://127.0.0.1:4000' }), hosts)).toBe(true);
    expect(isAllowedOrigin(req({ origin: 'http://evil.example' }), hosts)).toBe(false);
    expect(isAllowedOrigin(req({ origin: 'null' }), hosts)).toBe(false);
    expect(isAllowedOrigin(req({ origin: 'https://127.0.0.1:4000' }), hosts)).toBe(false);
    expect(isAllowedOrigin(req({}), hosts)).toBe(true);
  });
});
