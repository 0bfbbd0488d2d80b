import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomicChunks } from '../../../src-main/platform/atomic-write.js';
import { tempDir } from '../../support/tmp.js';

describe('writeFileAtomicChunks', () => {
  it('writes the pieces in order, 0600, replacing the old file', () => {
    const dir = tempDir();
    const file = join(dir, 'f.bin');
    writeFileSync(file, 'old');
    writeFileAtomicChunks(file, [Buffer.from('ab'), new Uint8Array(0), Buffer.from('cde')]);
    expect(readFileSync(file, 'utf8')).toBe('abcde');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['f.bin']);
  });

  it('a failure while the pieces are made leaves the old file whole and no temp file', () => {
    const dir = tempDir();
    const file = join(dir, 'f.bin');
    writeFileSync(file, 'old content');
    function* failing() {
      yield Buffer.alloc(1024 * 1024, 1);
      throw new Error('disk full halfway');
    }
    expect(() => writeFileAtomicChunks(file, failing())).toThrow('disk full halfway');
    expect(readFileSync(file, 'utf8')).toBe('old content');
    expect(readdirSync(dir)).toEqual(['f.bin']);
  });
});
