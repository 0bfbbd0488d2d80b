import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { SahelError } from '../../../src-shared/errors.js';
import type { Logger } from '../../platform/index.js';
import { type Vault, vaultCall } from '../../vault/index.js';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

const STATUS: Record<string, number> = {
  LOCKED: 423,
  NOT_FOUND: 404,
  BAD_INPUT: 400,
  DISK_FULL: 507,
  CONFLICT: 409,
  // A blob replaced or damaged on disk: the request was fine, the stored item is not.
  CORRUPT: 409,
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
        // The first chunk (or the blob's open error) comes before the headers, so a missing or
        // unreadable blob still gets a typed answer instead of a 200 that breaks off.
        const chunks = stream[Symbol.asyncIterator]();
        let first: IteratorResult<Buffer>;
        try {
          first = await chunks.next();
        } catch (err) {
          stream.destroy();
          return blobUnreadable(res, err, log);
        }
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(meta.size),
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`,
          'Cache-Control': 'no-store',
        });
        async function* rest(): AsyncGenerator<Buffer> {
          if (first.done) return;
          yield first.value;
          for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
        }
        // A chunk that fails authentication (or a read error) later aborts the transfer: the response
        // is destroyed short of its Content-Length, so the browser sees a failed download, not a file.
        await pipeline(rest(), res).catch((err: unknown) => {
          log.warn('vault download aborted', { error: err });
          stream.destroy();
        });
        return true;
      } catch (err) {
        return fail(res, err, log);
      }
    }
    return false;
  };
}

function blobUnreadable(res: ServerResponse, err: unknown, log: Logger): true {
  const code = (err as NodeJS.ErrnoException)?.code;
  log.error('vault blob unreadable', { code, error: err });
  if (code === 'ENOENT') {
    return json(res, 404, {
      error: {
        code: 'NOT_FOUND',
        message:
          "This item's encrypted file is missing from the vault's blobs folder; restore the data dir from a backup.",
      },
    });
  }
  if (SahelError.is(err)) return fail(res, err, log);
  return json(res, 409, {
    error: {
      code: 'CORRUPT',
      message: "This item's encrypted file cannot be read; see the log, and check the vault's blobs folder.",
    },
  });
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
