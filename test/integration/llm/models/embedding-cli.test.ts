// `sahel models import --purpose embedding`, `models use-embedding <id|none>` and `models embedding`,
// one command at a time against a data dir (each opens it, as a user's shell would).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';
import { TINY } from './support.js';

function sahel(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'sahel.js'), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SAHEL_GPU: 'cpu' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('sahel models: the embedding model', () => {
  it('imports an embedding model, chooses it, lists it as in use, and switches it off', async () => {
    const dir = tempDir();
    const imported = await sahel(['--data-dir', dir, 'models', 'import', TINY, '--purpose', 'embedding']);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/as llama-2-tiny-random \(.*, llama, embedding model\)/);

    const none = await sahel(['--data-dir', dir, 'models', 'embedding']);
    expect(none.stdout).toMatch(
      /^No embedding model: retrieval ranks by full text only\. The vault is locked/,
    );

    const chosen = await sahel([
      '--data-dir',
      dir,
      '--json',
      'models',
      'use-embedding',
      'llama-2-tiny-random',
    ]);
    expect(chosen.code).toBe(0);
    expect(JSON.parse(chosen.stdout)).toMatchObject({
      id: 'llama-2-tiny-random',
      retrieval: { state: 'locked' },
    });

    const listed = await sahel(['--data-dir', dir, 'models', 'list']);
    expect(listed.stdout).toMatch(/llama-2-tiny-random\s+ready \(embedding, in use\)/);
    // An embedding model is not a chat model: `models use` refuses it.
    const use = await sahel(['--data-dir', dir, 'models', 'use', 'llama-2-tiny-random']);
    expect(use.code).toBe(1);
    expect(use.stderr).toMatch(/embedding model/);

    const off = await sahel(['--data-dir', dir, 'models', 'use-embedding', 'none']);
    expect(off.code).toBe(0);
    expect(off.stdout).toMatch(/^No embedding model/);
    const bad = await sahel(['--data-dir', dir, 'models', 'use-embedding', 'Not An Id']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/is not a model id/);
  }, 60_000);
});
