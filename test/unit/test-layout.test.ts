import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../vitest.config.js';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Which source tree a test folder's first segment mirrors; any other folder mirrors src-main. The
 * Solidity contracts sit at the root (contracts/), the only sources outside the three src-* trees.
 */
const TREES: Readonly<Record<string, string>> = {
  renderer: 'src-renderer',
  shared: 'src-shared',
  contracts: 'contracts',
};

/** Every test file under test/, as a path from the repository root. */
function allTestFiles(dir = join(ROOT, 'test')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return allTestFiles(p);
    return /\.test\.tsx?$/.test(e.name) ? [relative(ROOT, p)] : [];
  });
}

/** The folders under test/unit and test/integration that hold at least one test file. */
function testFolders(): string[] {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.test\.tsx?$/.test(e.name)) found.add(relative(ROOT, dir));
    }
  };
  for (const kind of ['unit', 'integration']) walk(join(ROOT, 'test', kind));
  return [...found].sort();
}

/** The source folder a test folder mirrors: test/unit/llm/models → src-main/llm/models. */
function mirrorOf(testFolder: string): string | null {
  const [, , ...parts] = testFolder.split(sep);
  if (parts.length === 0) return null; // test/unit and test/integration themselves: cross-cutting tests
  const tree = TREES[parts[0]!];
  return tree ? join(tree, ...parts.slice(1)) : join('src-main', ...parts);
}

/** The test folders whose mirrored source folder does not exist. */
function unmirrored(folders: string[]): string[] {
  return folders.flatMap((folder) => {
    const source = mirrorOf(folder);
    if (source === null) return [];
    const abs = join(ROOT, source);
    return existsSync(abs) && statSync(abs).isDirectory() ? [] : [`${folder} (no ${source})`];
  });
}

describe('test layout', () => {
  it('maps test folders onto the source trees, and flags a folder with no source', () => {
    expect(mirrorOf(join('test', 'unit', 'llm', 'models'))).toBe(join('src-main', 'llm', 'models'));
    expect(mirrorOf(join('test', 'unit', 'renderer', 'pages', 'chat'))).toBe(
      join('src-renderer', 'pages', 'chat'),
    );
    expect(mirrorOf(join('test', 'integration', 'contracts'))).toBe('contracts');
    expect(mirrorOf(join('test', 'unit'))).toBeNull();
    // The layout before issue 10: models/ and server/ sat beside llm/ and shells/.
    expect(unmirrored([join('test', 'unit', 'models'), join('test', 'integration', 'server')])).toEqual([
      `${join('test', 'unit', 'models')} (no ${join('src-main', 'models')})`,
      `${join('test', 'integration', 'server')} (no ${join('src-main', 'server')})`,
    ]);
    expect(unmirrored([join('test', 'unit', 'llm', 'models'), join('test', 'unit')])).toEqual([]);
  });

  it('every folder of unit and integration tests mirrors a source folder', () => {
    const folders = testFolders();
    expect(folders).toContain(join('test', 'unit', 'shells', 'cli'));
    expect(
      unmirrored(folders),
      'move the test beside the mirror of the code it tests (test/unit/llm/models ↔ src-main/llm/models)',
    ).toEqual([]);
  });

  // `npm run test:unit` is `vitest run --project unit`: a config without that project runs nothing.
  it('puts every test file in exactly one vitest project, the one named for its folder', () => {
    const projects = (config.test?.projects ?? []).flatMap((p) =>
      typeof p === 'object' && 'test' in p && p.test ? [p.test] : [],
    );
    expect(projects.map((p) => p.name)).toEqual(['unit', 'integration', 'e2e']);
    const owners = (file: string) =>
      projects.filter((p) => {
        const include = p.include ?? [];
        return (
          include.length === 1 &&
          include[0] === `test/${p.name}/**/*.test.ts` &&
          file.startsWith(`test${sep}${p.name}${sep}`)
        );
      });
    const files = allTestFiles();
    expect(files).toContain(join('test', 'e2e', 'ui.test.ts'));
    expect(files.filter((f) => owners(f).length !== 1)).toEqual([]);
  });
});
