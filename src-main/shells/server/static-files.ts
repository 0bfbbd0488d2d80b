import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves the built renderer. Paths are resolved inside the renderer dir (no `..` escapes); a path
 * without an extension falls back to index.html so a reload on any page works.
 */
export function serveStatic(rendererDir: string, pathname: string, res: ServerResponse, head: boolean): void {
  const root = resolve(rendererDir);
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    plain(res, 400, 'Bad path');
    return;
  }
  if (rel.includes('\0')) {
    plain(res, 400, 'Bad path');
    return;
  }
  let file = resolve(join(root, normalize(rel)));
  if (file !== root && !file.startsWith(root + sep)) {
    plain(res, 404, 'Not found');
    return;
  }
  if (!isFile(file)) {
    if (extname(file)) {
      plain(res, 404, 'Not found');
      return;
    }
    file = join(root, 'index.html');
    if (!isFile(file)) {
      plain(res, 503, 'The UI is not built. Run `npm run build`, then reload.');
      return;
    }
  }
  const isIndex = file.endsWith('index.html');
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Cache-Control': isIndex ? 'no-store' : 'private, max-age=3600',
  });
  if (head) {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

export function plain(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}
