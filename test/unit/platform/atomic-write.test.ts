import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/platform/atomic-write.js';
import { tempDir } from '../../support/tmp.js';

describe('writeFileAtomic', () => {
  it('replaces content, keeps mode 0600 and leaves no temp files', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeFileSync(file, 'old');
    writeFileAtomic(file, 'new content');
    expect(readFileSync(file, 'utf8')).toBe('new content');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['settings.json']);
  });

  it('a failed replace leaves the target untouched and no temp file behind', () => {
    const dir = tempDir();
    const target = join(dir, 'store');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.json'), 'precious');
    // Renaming a file over a non-empty directory fails after the data was written and synced.
    expect(() => writeFileAtomic(target, 'x')).toThrow();
    expect(readFileSync(join(target, 'keep.json'), 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['store']);
  });
});
