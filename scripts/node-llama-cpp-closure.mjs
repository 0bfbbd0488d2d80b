import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('../node_modules', import.meta.url).pathname;
const seen = new Set();
function resolveFrom(fromDir, name) {
  let d = fromDir;
  while (true) {
    const p = join(d, 'node_modules', name);
    if (existsSync(join(p, 'package.json'))) return p;
    const up = dirname(d);
    if (up === d) return null;
    d = up;
  }
}
function walk(pkgDir) {
  if (seen.has(pkgDir)) return;
  seen.add(pkgDir);
  const pj = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  for (const dep of Object.keys({ ...pj.dependencies, ...pj.optionalDependencies })) {
    if (dep.startsWith('@node-llama-cpp/')) continue;
    const p = resolveFrom(pkgDir, dep);
    if (p) walk(p);
  }
}
walk(join(root, 'node-llama-cpp'));
for (const p of seen) console.log(p.slice(root.length - 'node_modules'.length));
