import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

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
});
