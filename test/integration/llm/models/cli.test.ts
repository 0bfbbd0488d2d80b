import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../support/cli.js';
import { ROOT, startServe } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';
import { type FileServer, startFileServer } from './file-server.js';
import { TINY, TINY_SHA } from './support.js';

/** `sahel …` without blocking this process, which serves the downloads it makes. */
const sahel = (args: string[], env: Record<string, string> = {}) =>
  runCli(args, { env: { SAHEL_GPU: 'cpu', ...env }, timeoutMs: 120_000 });

describe('sahel models', () => {
  let srv: FileServer;
  beforeAll(async () => {
    srv = await startFileServer({ 'tiny.gguf': readFileSync(TINY) });
  });
  afterAll(() => srv.close());

  it('pulls from an hf: URI (checked against the published sha256), lists, and removes with its file', async () => {
    const dir = tempDir();
    const env = { HF_ENDPOINT: srv.base };
    const pulled = await sahel(
      ['--data-dir', dir, '--json', 'models', 'pull', 'hf:me/tiny-GGUF/tiny.gguf'],
      env,
    );
    expect(pulled.stderr).toBe('');
    expect(pulled.code).toBe(0);
    expect(JSON.parse(pulled.stdout)).toMatchObject({ id: 'tiny', state: 'ready', sha256: TINY_SHA });
    const file = join(dir, 'models', 'tiny.gguf');
    expect(existsSync(file)).toBe(true);

    const listed = await sahel(['--data-dir', dir, 'models', 'list']);
    expect(listed.stdout).toMatch(
      /^ID\s+STATE\s+SIZE\s+SOURCE\s+NAME\ntiny\s+ready\s+1\.7 MiB\s+url\s+tiny\n$/,
    );

    const removed = await sahel(['--data-dir', dir, 'models', 'rm', 'tiny']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toMatch(/deleted its file/);
    expect(existsSync(file)).toBe(false);
  });

  it('imports a GGUF in place and refuses other files with one line and exit 1', async () => {
    const dir = tempDir();
    const ok = await sahel(['--data-dir', dir, '--json', 'models', 'import', TINY]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ id: 'llama-2-tiny-random', path: TINY, owned: false });
    const bad = await sahel(['--data-dir', dir, 'models', 'import', join(ROOT, 'package.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('sahel: package.json is not a GGUF model file (it does not start with "GGUF")\n');
    const twice = await sahel(['--data-dir', dir, 'models', 'import', TINY]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toBe(
      `sahel: ${TINY} is already imported as llama-2-tiny-random; remove that model first to import it again\n`,
    );
    const usage = await sahel(['--data-dir', dir, 'models', 'rm', 'Not An Id']);
    expect(usage.code).toBe(2);
  });

  it('talks to a running sahel serve: use keeps the model loaded there', async () => {
    const dir = tempDir();
    const served = await startServe(dir);
    try {
      expect((await sahel(['--data-dir', dir, 'models', 'import', TINY])).code).toBe(0);
      const used = await sahel([
        '--data-dir',
        dir,
        '--json',
        'models',
        'use',
        'llama-2-tiny-random',
        '--context',
        '512',
      ]);
      expect(used.stderr).toBe('');
      expect(JSON.parse(used.stdout)).toMatchObject({
        state: 'ready',
        model: { id: 'llama-2-tiny-random', contextSize: 512 },
      });
      const status = await sahel(['--data-dir', dir, 'models', 'status']);
      expect(status.stdout).toMatch(/^Loaded LLaMA v2 \(llama-2-tiny-random\): \d+ GPU layers, context 512/);
      const rm = await sahel(['--data-dir', dir, 'models', 'rm', 'llama-2-tiny-random']);
      expect(rm.code).toBe(1);
      expect(rm.stderr).toMatch(/is loaded; unload it first/);
      expect((await sahel(['--data-dir', dir, 'models', 'unload'])).stdout).toMatch(
        /No model loaded \(stopped\)/,
      );
    } finally {
      await served.stop();
    }
  }, 120_000);
});
