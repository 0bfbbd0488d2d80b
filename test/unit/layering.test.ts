import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/sahel-process.js';
import { tempDir } from '../support/tmp.js';

// `npm run layers` guards the real tree; this proves the rules fire, on a small tree that breaks them.
function cruise(files: Record<string, string>) {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }),
  );
  const bin = join(ROOT, 'node_modules', '.bin', 'depcruise');
  const r = spawnSync(
    bin,
    ['--config', join(ROOT, '.dependency-cruiser.cjs'), 'src-shared', 'src-main', 'src-renderer'],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  return { code: r.status, out: r.stdout + r.stderr };
}

// The engine's two sides, each importing what it may: the shared protocol, and the child its own files.
const engineTree = {
  'src-main/llm/engine/protocol.ts': 'export const protocol = 1;\n',
  'src-main/llm/engine/child/threads.ts': 'export const threads = 1;\n',
  'src-main/llm/engine/child/engine-process.ts':
    "import { protocol } from '../protocol.js';\nimport { threads } from './threads.js';\nexport const run = protocol + threads;\n",
  'src-main/llm/engine/host/engine-host.ts':
    "import { protocol } from '../protocol.js';\nexport const host = protocol;\n",
  'src-main/llm/service.ts':
    "import { host } from './engine/host/engine-host.js';\nexport const service = host;\n",
};

describe('layering rules', () => {
  it('pass a tree that follows docs/ARCHITECTURE.md', () => {
    const r = cruise({
      'src-shared/x.ts': 'export const x = 1;\n',
      'src-main/platform/p.ts': "import { x } from '../../src-shared/x.js';\nexport const p = x;\n",
      'src-main/platform/index.ts': "export { p } from './p.js';\n",
      'src-main/store/s.ts': "import { p } from '../platform/index.js';\nexport const s = p;\n",
      'src-main/store/index.ts': "export { s } from './s.js';\n",
      'src-main/api/a.ts': "import { s } from '../store/index.js';\nexport const a = s;\n",
      'src-renderer/r.ts': "import { x } from '../src-shared/x.js';\nexport const r = x;\n",
      ...engineTree,
    });
    expect(r.out).toContain('no dependency violations');
    expect(r.code).toBe(0);
  });

  it('fail when a lower layer imports a higher one, or the renderer reaches past src-shared', () => {
    const r = cruise({
      'src-shared/x.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      'src-main/api/a.ts': 'export const a = 1;\n',
      'src-main/store/s.ts': "import { a } from '../api/a.js';\nexport const s = a;\n",
      'src-main/llm/l.ts': "import { w } from '../wallet/w.js';\nexport const l = w;\n",
      'src-main/wallet/w.ts': 'export const w = 1;\n',
      'src-renderer/r.ts':
        "import { a } from '../src-main/api/a.js';\nimport 'node:path';\nexport const r = a;\n",
    });
    expect(r.code).not.toBe(0);
    for (const rule of [
      'layer-store',
      'layer-llm',
      'shared-is-pure',
      'renderer-only-shared',
      'renderer-no-node',
    ]) {
      expect(r.out).toContain(rule);
    }
  });

  it('let other layers, core.ts and the shells reach a layer only through its face (index.ts)', () => {
    const faceTree = {
      'src-shared/x.ts': 'export const x = 1;\n',
      'src-renderer/r.ts': 'export const r = 1;\n',
      'src-main/platform/p.ts': 'export const p = 1;\n',
      'src-main/platform/index.ts': "export { p } from './p.js';\n",
      // Inside its own layer a file imports its neighbours directly.
      'src-main/store/s.ts': "import { p } from '../platform/index.js';\nexport const s = p;\n",
      'src-main/store/t.ts': "import { s } from './s.js';\nexport const t = s;\n",
      'src-main/store/index.ts': "export { s } from './s.js';\nexport { t } from './t.js';\n",
      'src-main/core.ts': "import { s } from './store/index.js';\nexport const core = s;\n",
      'src-main/shells/cli.ts':
        "import { core } from '../core.js';\nimport { p } from '../platform/index.js';\nexport const cli = core + p;\n",
    };
    const ok = cruise(faceTree);
    expect(ok.out).toContain('no dependency violations');
    expect(ok.code).toBe(0);

    const r = cruise({
      ...faceTree,
      // Each skips a face: a layer into a lower one, core.ts, a shell; and a file into its own face.
      'src-main/store/s.ts': "import { p } from '../platform/p.js';\nexport const s = p;\n",
      'src-main/core.ts': "import { s } from './store/s.js';\nexport const core = s;\n",
      'src-main/shells/cli.ts':
        "import { core } from '../core.js';\nimport { t } from '../store/t.js';\nexport const cli = core + t;\n",
      'src-main/store/t.ts': "import { s } from './index.js';\nexport const t = s;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/through-faces: src-main\/store\/s\.ts → src-main\/platform\/p\.ts/);
    expect(r.out).toMatch(/through-faces: src-main\/core\.ts → src-main\/store\/s\.ts/);
    expect(r.out).toMatch(/through-faces: src-main\/shells\/cli\.ts → src-main\/store\/t\.ts/);
    expect(r.out).toMatch(/not-own-face: src-main\/store\/t\.ts → src-main\/store\/index\.ts/);
  });

  it('refuse an import of the engine child from the host, from the rest of src-main, the child reaching out, and a shared module importing the host', () => {
    const r = cruise({
      ...engineTree,
      'src-shared/x.ts': 'export const x = 1;\n',
      'src-renderer/r.ts': 'export const r = 1;\n',
      'src-main/platform/p.ts': 'export const p = 1;\n',
      'src-main/llm/engine/gpu-failure.ts':
        "import { host } from './host/engine-host.js';\nexport const gpu = host;\n",
      'src-main/llm/engine/host/engine-host.ts':
        "import { threads } from '../child/threads.js';\nexport const host = threads;\n",
      'src-main/llm/embeddings.ts':
        "import { threads } from './engine/child/threads.js';\nexport const e = threads;\n",
      'src-main/llm/engine/child/threads.ts':
        "import { p } from '../../../platform/p.js';\nexport const threads = p;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(
      /engine-host-not-child: src-main\/llm\/engine\/host\/engine-host\.ts → src-main\/llm\/engine\/child\/threads\.ts/,
    );
    expect(r.out).toMatch(
      /engine-child-only-as-process: src-main\/llm\/embeddings\.ts → src-main\/llm\/engine\/child\/threads\.ts/,
    );
    expect(r.out).toMatch(
      /engine-child-closed: src-main\/llm\/engine\/child\/threads\.ts → src-main\/platform\/p\.ts/,
    );
    expect(r.out).toMatch(
      /engine-shared-not-host: src-main\/llm\/engine\/gpu-failure\.ts → src-main\/llm\/engine\/host\/engine-host\.ts/,
    );
  });
});
