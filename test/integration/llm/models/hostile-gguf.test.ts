// Crafted GGUF files of a few dozen bytes whose counts claim 2^64 tensors or entries, 2^62 array
// elements or 2,000 nested arrays: they once made the owner grow without bound or abort V8. Now the
// header is read by a bounded parser in a child process; the owner refuses each with a sentence.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectGguf } from '../../../../src-main/llm/models/gguf.js';
import type { SahelError } from '../../../../src-shared/errors.js';
import { runCli } from '../../../support/cli.js';
import { craftedArray, craftedCounts, craftedNesting } from '../../../support/gguf-writer.js';
import { type Served, startServe } from '../../../support/sahel-process.js';
import { tempDir } from '../../../support/tmp.js';
import { TINY } from './support.js';

const U64_MAX = 2n ** 64n - 1n;
const CRAFTED: Record<string, Buffer> = {
  'tensors.gguf': craftedCounts(U64_MAX, 0n),
  'kvs.gguf': craftedCounts(0n, U64_MAX),
  'both.gguf': craftedCounts(U64_MAX, U64_MAX, 68),
  'array.gguf': craftedArray(2n ** 62n),
  'nested.gguf': craftedNesting(2000, 1n),
};

function writeCrafted(dir: string): string[] {
  return Object.entries(CRAFTED).map(([name, bytes]) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  });
}

/** Resident memory of a process, from /proc (Linux, where these tests run). */
function rssOf(pid: number | 'self'): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) * 1024;
}

describe('hostile GGUF headers', () => {
  it('are refused with a BAD_INPUT naming the claim, read outside this process', async () => {
    const files = writeCrafted(tempDir());
    const before = rssOf('self');
    const messages: string[] = [];
    for (const path of files) {
      const err = (await inspectGguf(path).then(
        () => null,
        (e: unknown) => e,
      )) as SahelError | null;
      expect(err?.code, path).toBe('BAD_INPUT');
      messages.push(err!.message);
    }
    expect(messages).toEqual([
      'tensors.gguf is not a usable GGUF file: it claims 18446744073709551615 tensors and 0 metadata entries in a 40-byte file. Choose another file or download it again.',
      'kvs.gguf is not a usable GGUF file: it claims 0 tensors and 18446744073709551615 metadata entries in a 40-byte file. Choose another file or download it again.',
      'both.gguf is not a usable GGUF file: it claims 18446744073709551615 tensors and 18446744073709551615 metadata entries in a 68-byte file. Choose another file or download it again.',
      expect.stringMatching(
        /^array\.gguf is not a usable GGUF file: tokenizer\.ggml\.scores claims 4611686018427387904 elements with 16 bytes left/,
      ),
      expect.stringMatching(/^nested\.gguf is not a usable GGUF file: k nests arrays more than 2 deep/),
    ]);
    // The parsing happened in a child: this process did not take on the claims.
    expect(rssOf('self') - before).toBeLessThan(64 * 1024 * 1024);
    await expect(inspectGguf(TINY)).resolves.toMatchObject({ architecture: 'llama', layers: 1 });
  }, 60_000);

  it('a file the reader hangs on (a FIFO no one writes to) is refused when its time is up', async () => {
    const fifo = join(tempDir(), 'fifo.gguf');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const err = await inspectGguf(fifo, { timeoutMs: 1500 }).catch((e: unknown) => e as SahelError);
    expect(err).toMatchObject({
      code: 'BAD_INPUT',
      message: 'fifo.gguf is not a usable GGUF file: reading its header took longer than 1.5 s.',
    });
  }, 30_000);

  describe('against a running sahel serve', () => {
    const dir = tempDir();
    let served: Served;
    const sahel = (args: string[]) =>
      runCli(args, { dataDir: dir, env: { SAHEL_GPU: 'cpu' }, timeoutMs: 60_000 });
    // A fresh connection each time (no keep-alive a closing server could race with).
    const answers = () =>
      new Promise<number | undefined>((resolve, reject) => {
        const req = get(
          `${served.base}/v1/models`,
          { agent: false, headers: { authorization: `Bearer ${served.token}` } },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        );
        req.on('error', reject);
      });

    beforeAll(async () => {
      served = await startServe(dir, [], 'serve', { SAHEL_GPU: 'cpu' });
    }, 60_000);
    afterAll(async () => {
      await served?.stop();
    });

    it('`models import` refuses each crafted file with one line; serve stays up and answers', async () => {
      const before = rssOf(served.pid);
      for (const path of writeCrafted(tempDir())) {
        const r = await sahel(['models', 'import', path]);
        expect(r.code, path).toBe(1);
        expect(r.stderr).toMatch(/^sahel: \w+\.gguf is not a usable GGUF file: .+\n$/);
        expect(served.child.exitCode).toBe(null);
        expect(await answers()).toBe(200);
      }
      expect(rssOf(served.pid) - before).toBeLessThan(64 * 1024 * 1024);
      expect(JSON.parse((await sahel(['--json', 'models', 'list'])).stdout)).toEqual({ models: [] });
    }, 120_000);

    it('`models use` re-reads a file swapped after import, and refuses it before llama.cpp sees it', async () => {
      const copy = join(tempDir(), 'swapped.gguf');
      copyFileSync(TINY, copy);
      expect((await sahel(['models', 'import', copy])).code).toBe(0);
      writeFileSync(copy, craftedCounts(U64_MAX, 0n));
      const used = await sahel(['models', 'use', 'swapped', '--context', '256']);
      expect(used.code).toBe(1);
      expect(used.stderr).toMatch(
        /^sahel: swapped\.gguf is not a usable GGUF file: it claims 18446744073709551615 tensors/,
      );
      expect((await sahel(['models', 'status'])).stdout).toMatch(/No model loaded/);
      expect(served.child.exitCode).toBe(null);
      expect(await answers()).toBe(200);
    }, 120_000);
  });
});
