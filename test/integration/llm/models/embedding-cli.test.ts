// `sahel models import --purpose embedding`, `models use-embedding <id|none>` and `models embedding`,
// one command at a time against a data dir (each opens it, as a user's shell would).
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { tempDir } from '../../../support/tmp.js';
import { TINY } from './support.js';

/** Engine starts are slow on a busy machine: the test's own timeout bounds each command. */
const sahel = (args: string[]) => runCli(args, { env: { SAHEL_GPU: 'cpu' }, timeoutMs: 120_000 });

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
