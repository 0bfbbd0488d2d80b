import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../../../src-main/shells/cli/output.js';
import { readPassphrase, readPassphraseFile } from '../../../../src-main/shells/cli/passphrase.js';
import { tempDir } from '../../../support/tmp.js';

describe('passphrase input', () => {
  it('reads the first line of a file, flag before environment', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a'), 'first one\nsecond\n');
    writeFileSync(join(dir, 'b'), 'from env\r\n');
    expect(await readPassphrase('?', { file: join(dir, 'a'), envFile: join(dir, 'b') })).toBe('first one');
    expect(await readPassphrase('?', { envFile: join(dir, 'b') })).toBe('from env');
  });

  it('refuses empty, missing and oversized files without echoing their content', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty'), '\n');
    writeFileSync(join(dir, 'huge'), 'x'.repeat(70_000));
    expect(() => readPassphraseFile(join(dir, 'empty'))).toThrow(CliError);
    expect(() => readPassphraseFile(join(dir, 'missing'))).toThrow(/Cannot read/);
    expect(() => readPassphraseFile(join(dir, 'huge'))).toThrow(/too large/);
  });

  it('asks for a terminal or a file when stdin is not a TTY', async () => {
    if (process.stdin.isTTY) return;
    await expect(readPassphrase('?', {})).rejects.toThrow(/--passphrase-file/);
  });
});
