import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (where package.json and dist/ live), found by walking up from this module, so the
 * same code works from the TypeScript sources (tests) and from the bundle in dist/main.
 */
export function appRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'sahel')
      return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('Cannot find the Sahel package root');
    dir = up;
  }
}

export function rendererDir(root = appRoot()): string {
  return join(root, 'dist', 'renderer');
}
