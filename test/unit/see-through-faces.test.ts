import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { seeThroughFaces } from '../../scripts/see-through-faces.mjs';
import { lazyImports, staticLoad } from '../support/chunks.js';
import { tempDir } from '../support/tmp.js';

// A layer with a light module and one that loads a heavy package, behind a face; a shell that needs
// only the light one at start and the heavy one later (a lazily loaded command).
const tree = {
  'src-main/platform/light.ts': 'export const light = () => 1;\n',
  'src-main/platform/heavy.ts':
    "import Database from 'better-sqlite3';\nexport const heavy = () => new Database(':memory:');\n",
  'src-main/platform/index.ts':
    "// light\nexport { light } from './light.js';\n// heavy\nexport { heavy as openHeavy } from './heavy.js';\n",
  'src-main/shells/entry.ts':
    "import { light } from '../platform/index.js';\nexport const start = light;\nexport const later = () => import('./later.js');\n",
  'src-main/shells/later.ts':
    "import { openHeavy } from '../platform/index.js';\nexport const run = () => openHeavy();\n",
};

async function bundle(files: Record<string, string>, faces: boolean) {
  const dir = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const r = await build({
    absWorkingDir: dir,
    entryPoints: { entry: 'src-main/shells/entry.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    outdir: 'out',
    write: false,
    logLevel: 'silent',
    plugins: faces ? [seeThroughFaces(join(dir, 'src-main'))] : [],
  });
  const out = new Map(r.outputFiles.map((f) => [basename(f.path), f.text]));
  const read = (name: string) => out.get(name);
  const lazy = lazyImports(out.get('entry.js') ?? '')[0] ?? '';
  return { entry: staticLoad(read, 'entry.js'), later: lazy && staticLoad(read, lazy) };
}

describe('seeing through layer faces when bundling', () => {
  it('keeps a module that only a lazy chunk uses out of the entry, as if the face were not there', async () => {
    const seen = await bundle(tree, true);
    expect(seen.entry).not.toContain('better-sqlite3');
    expect(seen.later).toContain('better-sqlite3');
    expect(seen.entry).toContain('light');
    // esbuild alone puts everything the face re-exports in one chunk that the entry loads at start.
    const plain = await bundle(tree, false);
    expect(plain.entry).toContain('better-sqlite3');
  });

  it('takes a destructured lazy import of a face from the one module behind it', async () => {
    const files = {
      ...tree,
      'src-main/shells/entry.ts':
        "export const later = async () => {\n  const { light } = await import('../platform/index.js');\n  return light();\n};\n",
    };
    const seen = await bundle(files, true);
    expect(seen.later).toContain('light');
    expect(seen.later).not.toContain('better-sqlite3');
    // esbuild alone loads the whole face there.
    const plain = await bundle(files, false);
    expect(plain.later).toContain('better-sqlite3');
  });

  it('fails the build, naming the file, on a name the face does not export', async () => {
    const files = {
      ...tree,
      'src-main/shells/later.ts':
        "import { heavy } from '../platform/index.js';\nexport const run = heavy;\n",
    };
    await expect(bundle(files, true)).rejects.toThrow(/later\.ts: 'heavy' is not exported by/);
  });
});
