// An esbuild plugin: imports of a layer's face (src-main/<layer>/index.ts) are bundled as imports of the
// modules behind it. The faces are the layering's boundary (`npm run layers` enforces them), not a
// runtime module: esbuild splits code by file, so a face imported by two chunks would put every module it
// re-exports into a shared chunk, and `sahel --help` would load the whole platform layer, `sahel vault`
// SQLite, `sahel status` viem. Seen through, each chunk gets exactly the modules it used before faces.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative as relativePath, resolve } from 'node:path';

const FACE = /[\\/]src-main[\\/][^\\/]+[\\/]index\.ts$/;
// Faces hold only named re-exports (`export { a, b as c } from './x.js'`, `export type { T } from …`).
const REEXPORT = /export\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'(\.[^']+)'/g;
const IMPORT = /import\s+(type\s+)?\{([^{}]*)\}\s+from\s+'([^']+)'\s*;/g;
const DYNAMIC = /\{([^{}]*)\}\s*=\s*await\s+import\(\s*'([^']+)'\s*\)/g;
const ANY_DYNAMIC = /import\(\s*'([^']+)'\s*\)/g;

const names = (list) =>
  list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(type\s+)?(\S+)(?:\s+as\s+(\S+))?$/.exec(s);
      if (!m) throw new Error(`cannot read import specifier '${s}'`);
      return { type: Boolean(m[1]), name: m[2], alias: m[3] };
    });

/** name exported by the face → the module (absolute .ts path) and its name there. */
function readFace(file) {
  const text = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '');
  const exported = new Map();
  for (const [, list, spec] of text.matchAll(REEXPORT)) {
    const module = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    for (const n of names(list)) exported.set(n.alias ?? n.name, { module, name: n.name });
  }
  return exported;
}

export function seeThroughFaces(dir) {
  const srcMain = resolve(dir);
  const faces = new Map();
  for (const layer of readdirSync(srcMain, { withFileTypes: true })) {
    if (!layer.isDirectory()) continue;
    const file = join(srcMain, layer.name, 'index.ts');
    try {
      faces.set(file, readFace(file));
    } catch (err) {
      if (err.code !== 'ENOENT') throw err;
    }
  }
  return {
    name: 'see-through-faces',
    setup(build) {
      build.onLoad({ filter: /[\\/]src-main[\\/].*\.tsx?$/ }, ({ path }) => {
        if (FACE.test(path)) return undefined;
        const source = readFileSync(path, 'utf8');
        const face = (spec) =>
          spec.startsWith('.') ? faces.get(resolve(dirname(path), spec).replace(/\.js$/, '.ts')) : undefined;
        const relative = (module) => {
          const rel = relativePath(dirname(path), module).replace(/\\/g, '/').replace(/\.ts$/, '.js');
          return rel.startsWith('.') ? rel : `./${rel}`;
        };
        const lookup = (exported, n, spec) => {
          const hit = exported.get(n.name);
          if (!hit) throw new Error(`${path}: '${n.name}' is not exported by ${spec}`);
          return hit;
        };
        const keepLines = (original, text) => text + '\n'.repeat(original.split('\n').length - 1);
        let contents = source.replace(IMPORT, (all, typeOnly, list, spec) => {
          const exported = face(spec);
          if (!exported) return all;
          const byModule = new Map();
          for (const n of names(list)) {
            const hit = lookup(exported, n, spec);
            const local = n.alias ?? n.name;
            const item = `${n.type ? 'type ' : ''}${hit.name}${local === hit.name ? '' : ` as ${local}`}`;
            byModule.set(hit.module, [...(byModule.get(hit.module) ?? []), item]);
          }
          const lines = [...byModule].map(
            ([module, items]) =>
              `import ${typeOnly ? 'type ' : ''}{ ${items.join(', ')} } from '${relative(module)}';`,
          );
          return keepLines(all, lines.join(' '));
        });
        // `const { a } = await import(face)`: lazily loaded, so it must stay one module's chunk.
        contents = contents.replace(DYNAMIC, (all, list, spec) => {
          const exported = face(spec);
          if (!exported) return all;
          const modules = new Set(names(list).map((n) => lookup(exported, n, spec).module));
          const renamed = names(list).some((n) => lookup(exported, n, spec).name !== n.name);
          if (modules.size !== 1 || renamed)
            throw new Error(`${path}: a lazy import of ${spec} must take names of one module behind it`);
          return all.replace(spec, relative([...modules][0]));
        });
        for (const [, spec] of contents.matchAll(ANY_DYNAMIC))
          if (face(spec))
            throw new Error(`${path}: import('${spec}') must be destructured: const { a } = await import(…)`);
        return contents === source ? undefined : { contents, loader: path.endsWith('.tsx') ? 'tsx' : 'ts' };
      });
    },
  };
}
