import { describe, expect, it } from 'vitest';
import { isAppUrl } from '../../../../src-main/shells/electron/app-protocol.js';
import { isAllowedExternalUrl } from '../../../../src-main/shells/electron/external-links.js';

describe('Electron window policy', () => {
  it('trusts only the app:// origin for IPC and navigation', () => {
    expect(isAppUrl('app://sahel/index.html')).toBe(true);
    expect(isAppUrl('app://sahel/#/vault')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://sahel/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('opens only allow-listed https links externally', () => {
    expect(isAllowedExternalUrl('https://huggingface.co/models')).toBe(true);
    expect(isAllowedExternalUrl('http://huggingface.co/models')).toBe(false);
    expect(isAllowedExternalUrl('https://huggingface.co.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternalUrl('file:///bin/sh')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
  });
});
