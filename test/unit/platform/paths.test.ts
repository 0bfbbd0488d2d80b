import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../../src-main/platform/paths.js';

describe('data dir location', () => {
  it('follows each OS convention', () => {
    expect(defaultDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.local/share/sahel');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/xdg' }, '/home/ana')).toBe('/xdg/sahel');
    expect(defaultDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/Sahel');
    expect(
      defaultDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana'),
    ).toContain('Sahel');
  });

  it('prefers the flag, then SAHEL_HOME, then Electron userData', () => {
    expect(resolveDataDir({ flag: '/a', env: '/b', electronUserData: '/c' })).toBe('/a');
    expect(resolveDataDir({ env: '/b', electronUserData: '/c' })).toBe('/b');
    expect(resolveDataDir({ electronUserData: '/c' })).toBe('/c');
    expect(resolveDataDir({ flag: 'rel' })).toBe(`${process.cwd()}/rel`);
  });
});
