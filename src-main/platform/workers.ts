import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

const BUNDLED = !fileURLToPath(import.meta.url).endsWith('.ts');

/**
 * Starts a worker thread. From the bundle (the app, `sahel`), the worker is its own file,
 * dist/main/workers/<name>.mjs, built by scripts/build.mjs; from the TypeScript sources (tests) it is
 * the module at `source`, loaded through tsx's loader, which Node 20 does not pass on to workers.
 */
export function startWorker(name: string, source: URL, opts: WorkerOptions = {}): Worker {
  if (BUNDLED) return new Worker(new URL(`./workers/${name}.mjs`, import.meta.url), opts);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(pathToFileURL(fileURLToPath(source)).href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), opts);
}
