import type { SahelBridge } from '../../../src-shared/api/ipc-channels.js';
import { errorMessage } from '../../state/errors.js';
import { type Transfer, useVault, vaultItems } from '../../state/vault.js';

/**
 * Getting files into the vault. In a browser (`sahel serve`), each file is POSTed to /vault/upload,
 * one at a time, with upload progress from XMLHttpRequest. In Electron the owner reads the files from
 * disk itself (importPaths), given their paths, which only the preload can learn.
 */

export const ELECTRON_IMPORT_HINT =
  'Drop files in the browser version of Sahel, or add them with `sahel vault add <path>`.';

export type ImportResult = { ok: true } | { ok: false; message: string };

let nextId = 0;
/** Uploads wait their turn here, so files go in one after another. */
let queue: Promise<void> = Promise.resolve();

export function importFiles(files: File[], parentId: string | null): ImportResult {
  if (files.length === 0) return { ok: true };
  const bridge: SahelBridge | undefined = window.sahel;
  if (bridge) {
    // The preload knows where a dropped file lives on disk; the owner then reads it itself.
    const paths = typeof bridge.pathForFile === 'function' ? files.map((f) => bridge.pathForFile(f)) : [];
    if (paths.length === 0 || paths.some((p) => !p)) return { ok: false, message: ELECTRON_IMPORT_HINT };
    vaultItems.importPaths({ paths, tags: [], parentId }).catch((err: unknown) => {
      const { putTransfer } = useVault.getState();
      for (const f of files) {
        putTransfer({
          key: `local:${nextId++}`,
          name: f.name,
          bytes: 0,
          total: f.size,
          phase: 'failed',
          error: errorMessage(err),
        });
      }
    });
    return { ok: true };
  }
  for (const file of files) {
    const t: Transfer = {
      key: `upload:${nextId++}`,
      name: file.name,
      bytes: 0,
      total: file.size,
      phase: 'running',
      error: null,
    };
    useVault.getState().putTransfer(t);
    queue = queue.then(() => upload(file, t, parentId));
  }
  return { ok: true };
}

function upload(file: File, t: Transfer, parentId: string | null): Promise<void> {
  const { putTransfer } = useVault.getState();
  const params = new URLSearchParams({ name: file.name || 'Untitled', tags: '' });
  if (parentId) params.set('parentId', parentId);
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    const finish = (phase: 'done' | 'failed', error: string | null) => {
      putTransfer({ ...t, bytes: phase === 'done' ? file.size : t.bytes, phase, error });
      resolve();
    };
    xhr.open('POST', `/vault/upload?${params}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => {
      t = { ...t, bytes: e.loaded, total: e.lengthComputable ? e.total : file.size };
      putTransfer(t);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && isRecord(body) && isRecord(body.item)) {
        finish('done', null);
        return;
      }
      const apiError = isRecord(body) && isRecord(body.error) ? body.error.message : null;
      finish(
        'failed',
        typeof apiError === 'string' ? apiError : `The upload failed (HTTP ${xhr.status || 'error'}).`,
      );
    };
    xhr.onerror = () => finish('failed', 'Could not reach Sahel.');
    xhr.onabort = () => finish('failed', 'Cancelled.');
    xhr.send(file);
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Whether a drag carries files (not text or a link dragged from the page). */
export function dragHasFiles(e: DragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}
