// Reading a GGUF header: Sahel's bounded parser, in process and as the app runs it (a short-lived
// child process, dist/main/gguf-inspect.mjs), beside node-llama-cpp's readGgufFileInfo in process
// (what the owner ran before, unbounded). The file is the tiny test model, vocabulary included.
import { fork } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { parseGgufHeader } from '../../src-main/llm/models/gguf-header.js';
import { machineLine, writeSection } from './support/report.js';

const RUNS = 15;
const ROOT = join(import.meta.dirname, '..', '..');
const TINY = join(ROOT, '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const CHILD = join(ROOT, 'dist', 'main', 'gguf-inspect.mjs');
if (!existsSync(CHILD)) throw new Error('dist/ is missing: run `node scripts/build.mjs` first');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const inProcess = () => {
  const fd = openSync(TINY, 'r');
  try {
    const src = {
      size: fstatSync(fd).size,
      read: (b: Buffer, o: number, l: number, p: number) => readSync(fd, b, o, l, p),
    };
    if (parseGgufHeader(src, 'tiny.gguf').architecture !== 'llama') throw new Error('wrong summary');
  } finally {
    closeSync(fd);
  }
};
const inChild = () =>
  new Promise<void>((resolve, reject) => {
    const child = fork(CHILD, [TINY, 'tiny.gguf'], {
      execArgv: ['--max-old-space-size=64'],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    let ok = false;
    child.on('message', (m) => {
      ok = (m as { ok?: boolean }).ok === true;
    });
    child.on('exit', () => (ok ? resolve() : reject(new Error('the child refused the tiny model'))));
  });
const nodeLlamaCpp = () =>
  readGgufFileInfo(TINY, {
    logWarnings: false,
    sourceType: 'filesystem',
    spliceSplitFiles: false,
    ignoreKeys: [
      'tokenizer.ggml.tokens',
      'tokenizer.ggml.scores',
      'tokenizer.ggml.token_type',
      'tokenizer.ggml.merges',
    ],
  });

const ms = { inProcess: [] as number[], inChild: [] as number[], peer: [] as number[] };
for (let i = 0; i < RUNS; i++) {
  ms.peer.push(await time(nodeLlamaCpp));
  ms.inProcess.push(await time(inProcess));
  ms.inChild.push(await time(inChild));
}

const f = (xs: number[]) => `${median(xs).toFixed(1)} ms`;
const md = `
### GGUF header check (llama-2-tiny-random.gguf, vocabulary included)

Measured ${machineLine()}; median of ${RUNS}, interleaved.

| Path | Time |
| --- | ---: |
| Sahel's bounded parser, in process | ${f(ms.inProcess)} |
| Sahel as the app runs it: a child process (64 MiB heap) parses and answers | ${f(ms.inChild)} |
| node-llama-cpp readGgufFileInfo, in process (vocabulary keys ignored) | ${f(ms.peer)} |

The child costs a Node start per check: it runs at import, after a download and at each load, each
of which takes far longer (hashing the file, loading the weights). On this shared two-core machine
the figures swing between runs; compare rows of the same run.
`;
writeSection('gguf-header', md);
console.log(md);
