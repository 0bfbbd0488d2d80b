import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  AccessToken,
  allowedHosts,
  isAllowedHost,
  isAllowedOrigin,
  parseTarget,
  presentedToken,
} from '../../../../src-main/shells/server/auth.js';

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
    const root = new URL('http://local/');
    expect(presentedToken(req({ authorization: 'Bearer abc' }), root, 80)).toEqual({
      token: 'abc',
      source: 'header',
    });
    expect(presentedToken(req({}), new URL('http://local/x?token=q1'), 80)).toEqual({
      token: 'q1',
      source: 'query',
    });
    expect(presentedToken(req({ cookie: 'a=b; sahel_token_80=c1' }), root, 80)).toEqual({
      token: 'c1',
      source: 'cookie',
    });
    expect(presentedToken(req({ cookie: 'sahel_token_81=c1' }), root, 80)).toBeUndefined();
  });

  it("reads only its own cookie, so another app's malformed one cannot throw", () => {
    const root = new URL('http://local/');
    // decodeURIComponent('%zz') threw out of the old parser, and out of the server with it.
    for (const cookie of ['x=%zz', 'x=%zz; sahel_token_80=c1', 'sahel_token_80=c1; y=%E0%A4%A', '=; ;;=%']) {
      expect(() => presentedToken(req({ cookie }), root, 80), cookie).not.toThrow();
    }
    expect(presentedToken(req({ cookie: 'x=%zz; sahel_token_80=c1' }), root, 80)).toEqual({
      token: 'c1',
      source: 'cookie',
    });
    expect(presentedToken(req({ cookie: 'x=%zz' }), root, 80)).toBeUndefined();
  });

  it('takes only origin-form request targets, refusing those that would name a host or throw', () => {
    expect(parseTarget('/index.html?a=1')?.pathname).toBe('/index.html');
    expect(parseTarget('/%/')?.pathname).toBe('/%/');
    expect(parseTarget('/[')?.pathname).toBe('/[');
    // new URL('//x:y/', base) throws (a port that is not a number); the old listener did not catch it.
    for (const bad of [
      '//x:y/',
      '//%/',
      '//[/',
      'http://[',
      '//evil.example/vault/upload',
      '/\\evil/',
      '*',
      '',
      undefined,
    ]) {
      expect(parseTarget(bad), String(bad)).toBeUndefined();
    }
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
