import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileErrorSentence } from '../../../../src-main/shells/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'sahel-file-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error Node itself throws for `fn`, so the test sees real errno objects, not hand-made ones. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('a file-system error no command caught', () => {
  it('EEXIST names the path and says what to do, not the errno', () => {
    const existing = join(dir, 'exists.txt');
    writeFileSync(existing, 'x');
    const sentence = fileErrorSentence(thrownBy(() => openSync(existing, 'wx')));
    expect(sentence).toBe(`${existing} already exists: choose another path, or move it aside first`);
  });

  it('ENOENT and ENOTDIR name the path', () => {
    const missing = join(dir, 'nope', 'x.txt');
    expect(fileErrorSentence(thrownBy(() => openSync(missing, 'r')))).toBe(`${missing} does not exist`);
    const file = join(dir, 'plain');
    writeFileSync(file, 'x');
    const under = join(file, 'child');
    expect(fileErrorSentence(thrownBy(() => openSync(under, 'r')))).toBe(
      `A part of ${under} is not a folder`,
    );
  });

  it('leaves errors without a path to the caller', () => {
    expect(fileErrorSentence(new Error('boom'))).toBeUndefined();
  });
});
