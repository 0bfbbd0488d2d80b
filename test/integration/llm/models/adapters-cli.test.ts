import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { writeLora } from '../../../support/lora-gguf.js';
import { startServe } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';
import { socketConnect, wsConnect } from '../../../support/ws-client.js';
import { TINY } from './support.js';

/** Engine starts are slow on a busy machine: the test's own timeout bounds each command. */
const sahel = (args: string[]) => runCli(args, { env: { SAHEL_GPU: 'cpu' }, timeoutMs: 120_000 });

describe('sahel models use --adapter', () => {
  it('applies a LoRA adapter from the vault of a running sahel serve, names it, leaves no plaintext', async () => {
    const dir = tempDir();
    const adapterFile = join(dir, 'style.gguf');
    await writeLora(adapterFile, TINY, { magnitude: 1 });
    const served = await startServe(dir, [], 'serve', { SAHEL_GPU: 'cpu' });
    const conn = await wsConnect(served);
    try {
      await conn.api.vault.create({ passphrase: 'a long enough test passphrase' });
      // Paths go through the owner's local socket, as the CLI's `vault add` does; never the browser's.
      const local = await socketConnect(dir);
      const { items } = await local.api.vault.importPaths({ paths: [adapterFile] }).finally(local.close);
      const itemId = items[0]!.id;
      await conn.api.vault.update({ id: itemId, modelPart: { role: 'lora-adapter', model: null } });
      expect((await sahel(['--data-dir', dir, 'models', 'import', TINY])).code).toBe(0);

      const listed = await sahel(['--data-dir', dir, 'models', 'adapters']);
      expect(listed.stdout).toMatch(
        new RegExp(`^ITEM\\s+NAME\\s+FOR MODEL\\s+SIZE\\s+STATE\\n${itemId}\\s+style\\.gguf\\s+any\\s`),
      );

      const args = ['--data-dir', dir, 'models', 'use', 'llama-2-tiny-random', '--context', '512'];
      const used = await sahel([...args, '--adapter', `${itemId}:0.5`]);
      expect(used.stderr).toBe('');
      expect(used.code).toBe(0);
      expect(used.stdout).toMatch(new RegExp(`LoRA: style\\.gguf \\(${itemId}\\) ×0\\.5\\.\\n$`));
      const status = await conn.api.models.status({});
      expect(status.model?.adapters).toEqual([{ itemId, name: 'style.gguf', scale: 0.5 }]);
      const parts = join(dir, 'run', 'model-parts');
      expect(existsSync(parts) ? readdirSync(parts) : []).toEqual([]);

      const bad = await sahel([...args, '--adapter', `${itemId}:lots`]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--adapter takes <vault-item-id>\[:scale\]/);

      await conn.api.vault.lock({});
      const locked = await sahel([...args, '--adapter', itemId]);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toMatch(/locked/i);
    } finally {
      conn.close();
      await served.stop();
    }
  }, 180_000);
});
