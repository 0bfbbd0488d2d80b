// Model download throughput: Sahel's model manager (HEAD probe, streaming sha256, progress events,
// the row kept up to date, fsync, rename, GGUF header check) beside curl writing the same file and
// sha256sum checking it and sync flushing it, which is what a careful user does by hand. The file (the tiny test GGUF
// padded to 512 MiB) is served over loopback by a separate Node process, so neither side shares an
// event loop with the server.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelManager } from '../../src-main/llm/models/model-manager.js';
import { createLogger } from '../../src-main/platform/log.js';
import { openDatabase } from '../../src-main/store/database.js';
import { ModelRolesRepo } from '../../src-main/store/model-roles-repo.js';
import { ModelsRepo } from '../../src-main/store/models-repo.js';
import { machineLine, writeSection } from './support/report.js';

const RUNS = 3;
const SIZE = 512 * 1024 * 1024;
const TINY = join(import.meta.dirname, '..', '..', '..', 'shared', 'models', 'llama-2-tiny-random.gguf');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(join(tmpdir(), 'sahel-bench-dl-'));
const file = join(dir, 'big.gguf');
const tiny = readFileSync(TINY);
writeFileSync(file, Buffer.concat([tiny, randomBytes(SIZE - tiny.length)]));
const sha = createHash('sha256').update(readFileSync(file)).digest('hex');

const SERVER = `
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
const file = process.argv[1];
const size = statSync(file).size;
const server = createServer((req, res) => {
  const m = /^bytes=(\\d+)-$/.exec(req.headers.range ?? '');
  const start = m ? Number(m[1]) : 0;
  const headers = { 'Content-Length': String(size - start) };
  if (start > 0) headers['Content-Range'] = 'bytes ' + start + '-' + (size - 1) + '/' + size;
  res.writeHead(start > 0 ? 206 : 200, headers);
  if (req.method === 'HEAD') return res.end();
  createReadStream(file, { start, highWaterMark: 1 << 20 }).pipe(res);
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;
const server = spawn(process.execPath, ['--input-type=module', '-e', SERVER, file], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise<number>((resolve) =>
  server.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
);
const url = `http://127.0.0.1:${port}/big.gguf`;

function run(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}`))));
  });
}

async function viaSahel(i: number): Promise<number> {
  const data = join(dir, `sahel-${i}`);
  const db = openDatabase(join(dir, `sahel-${i}.db`));
  let events = 0;
  const manager = new ModelManager({
    repo: new ModelsRepo(db),
    roles: new ModelRolesRepo(db),
    dir: data,
    catalog: [],
    log: createLogger({ level: 'error' }),
    isLoaded: () => false,
    events: { progress: () => events++, changed: () => {} },
  });
  const t0 = performance.now();
  const m = await manager.settled(manager.pull(url).id);
  const ms = performance.now() - t0;
  if (m.state !== 'ready' || m.sha256 !== sha) throw new Error(`Sahel's download ended ${m.state}`);
  if (events < 2) throw new Error('no progress events');
  manager.close();
  db.close();
  rmSync(data, { recursive: true, force: true });
  return ms;
}

async function viaCurl(i: number): Promise<number> {
  const out = join(dir, `curl-${i}.gguf`);
  const t0 = performance.now();
  await run('curl', ['-sS', '-o', out, url]);
  const sum = (await run('sha256sum', [out])).split(' ')[0];
  // fsync, as Sahel does before a model is usable.
  await run('sync', [out]);
  const ms = performance.now() - t0;
  if (sum !== sha) throw new Error('curl download mismatch');
  rmSync(out);
  return ms;
}

const sahel: number[] = [];
const curl: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    curl.push(await viaCurl(i));
    sahel.push(await viaSahel(i));
  }
} finally {
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}

const gbps = (ms: number) => (SIZE / 1e9 / (ms / 1000)).toFixed(2);
const ratio = median(curl) / median(sahel);
const md = `
### Model download (512 MiB over loopback)

Measured ${machineLine()}; median of ${RUNS}, interleaved.

| Path | Time | GB/s |
| --- | ---: | ---: |
| Sahel model manager: download, sha256, progress events, fsync, GGUF check | ${(median(sahel) / 1000).toFixed(2)} s | ${gbps(median(sahel))} |
| curl -o, then sha256sum and sync (fsync) | ${(median(curl) / 1000).toFixed(2)} s | ${gbps(median(curl))} |
| Ratio Sahel / curl (throughput) | | ${ratio.toFixed(2)} |

The server is a separate Node process reading the file from disk. Sahel hashes while it downloads;
curl and sha256sum read the file twice. Both fsync the file. On this shared two-core machine the
figures swing by 2× between runs; compare the ratio, measured in the same run.
`;
writeSection('model-download', md);
console.log(md);
