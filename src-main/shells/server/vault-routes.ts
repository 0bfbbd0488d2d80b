import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { SahelError } from '../../../src-shared/errors.js';
import type { Logger } from '../../platform/log.js';
import { vaultCall } from '../../vault/api-errors.js';
import type { Vault } from '../../vault/vault.js';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

const STATUS: Record<string, number> = {
  LOCKED: 423,
  NOT_FOUND: 404,
  BAD_INPUT: 400,
  DISK_FULL: 507,
  CONFLICT: 409,
};

/**
 * File transfer for the browser, which cannot hand the owner a local path: `POST /vault/upload`
 * streams a body into the vault (encrypted as it arrives), `GET /vault/items/<id>/content` streams an
 * item out decrypted. Authentication and Host checks happen before any route runs.
 */
export function vaultRoutes(vault: Vault, log: Logger): Route {
  return async (req, res, url) => {
    if (url.pathname === '/vault/upload') {
      if (req.method !== 'POST') return json(res, 405, { error: { code: 'BAD_INPUT', message: 'Use POST' } });
      const name = (url.searchParams.get('name') ?? '').trim();
      if (!name || name.length > 255 || /[/\\\0]/.test(name)) {
        return json(res, 400, {
          error: { code: 'BAD_INPUT', message: 'A file name (no slashes) is required' },
        });
      }
      const tags = (url.searchParams.get('tags') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0 && t.length <= 64)
        .slice(0, 32);
      const parentId = url.searchParams.get('parentId') || null;
      if (parentId !== null && !/^[0-9a-f]{32}$/.test(parentId)) {
        return json(res, 400, { error: { code: 'BAD_INPUT', message: 'parentId must be an item id' } });
      }
      try {
        const job = randomBytes(8).toString('hex');
        const item = await vaultCall(() => vault.items.importStream(req, name, tags, parentId, job));
        return json(res, 201, { item });
      } catch (err) {
        return fail(res, err, log);
      }
    }
    const m = /^\/vault\/items\/([0-9a-f]{32})\/content$/.exec(url.pathname);
    if (m) {
      if (req.method !== 'GET') return json(res, 405, { error: { code: 'BAD_INPUT', message: 'Use GET' } });
      try {
        const { meta, stream } = await vaultCall(() => vault.items.openPlaintext(m[1]!));
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(meta.size),
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`,
          'Cache-Control': 'no-store',
        });
        // A chunk that fails authentication aborts the transfer: the browser sees a failed download.
        await pipeline(stream, res).catch((err: unknown) =>
          log.warn('vault download aborted', { error: err }),
        );
        return true;
      } catch (err) {
        return fail(res, err, log);
      }
    }
    return false;
  };
}

function fail(res: ServerResponse, err: unknown, log: Logger): true {
  if (SahelError.is(err)) return json(res, STATUS[err.code] ?? 500, { error: err.toJSON() });
  log.error('vault route failed', { error: err });
  return json(res, 500, { error: { code: 'INTERNAL', message: 'Internal error; see the log for details' } });
}

function json(res: ServerResponse, status: number, body: unknown): true {
  if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}
