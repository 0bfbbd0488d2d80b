import { lstatSync } from 'node:fs';
import { VaultError } from './errors.js';

/**
 * Where decrypted or exported content may go: a new path, or (with `overwrite`) a regular file. A
 * device, pipe, socket, folder or symbolic link is never replaced: the write renames a file over the
 * path, which would turn /dev/null into a file, or put plaintext where a link pointed somewhere else.
 */
export function checkDestination(path: string, overwrite: boolean): void {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return;
  if (!st.isFile()) {
    throw new VaultError(
      'BAD_REQUEST',
      `${path} is not a regular file (a device, pipe, folder or link): Sahel replaces only regular files; choose another path`,
    );
  }
  if (!overwrite) throw new VaultError('BAD_REQUEST', 'The destination exists');
}
