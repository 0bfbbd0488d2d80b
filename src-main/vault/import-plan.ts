import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { VaultItem } from '../../src-shared/domain/vault.js';
import { VaultError } from './errors.js';

/** A file or folder to import; `parent` is the path of the folder entry it goes into (null: the target). */
export interface PlannedEntry {
  path: string;
  name: string;
  kind: 'file' | 'folder';
  size: number;
  parent: string | null;
}

/** Something named or found in a folder that is not imported, and why. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

/** More problems than this are summed up, so one message stays readable. */
const SHOWN_PROBLEMS = 5;

/**
 * Walks everything an import names before a byte is written, so a bad entry deep in a folder fails
 * the import before anything is added instead of after half of it. Regular files and folders are
 * imported; symbolic links, pipes, devices and sockets are skipped (a link could lead outside what was
 * chosen, a pipe or device never ends) and reported; a name the vault cannot hold, or a folder that
 * cannot be read, is a problem that stops the whole import.
 */
export function planImport(
  paths: string[],
  fromAge: boolean,
): { entries: PlannedEntry[]; skipped: SkippedEntry[] } {
  const entries: PlannedEntry[] = [];
  const skipped: SkippedEntry[] = [];
  const problems: string[] = [];
  const visit = (path: string, parent: string | null) => {
    let st: Stats | undefined;
    try {
      st = lstatSync(path, { throwIfNoEntry: false });
    } catch {
      problems.push(`${path} cannot be read`);
      return;
    }
    if (!st) {
      // readdir hands back a name that is not UTF-8 with U+FFFD in it, which then names nothing.
      problems.push(
        basename(path).includes('\uFFFD')
          ? `a name in ${dirname(path)} is not valid UTF-8 (rename it)`
          : `${path} does not exist`,
      );
      return;
    }
    const other = kindOf(st);
    if (other) {
      skipped.push({ path, reason: other });
      return;
    }
    const name = fromAge ? basename(path).replace(/\.age$/, '') : basename(path);
    if (!VaultItem.shape.name.safeParse(name).success) {
      problems.push(`${path}: the name must be 1–255 characters`);
      return;
    }
    if (st.isFile()) {
      entries.push({ path, name, kind: 'file', size: st.size, parent });
      return;
    }
    entries.push({ path, name, kind: 'folder', size: 0, parent });
    let children: string[];
    try {
      children = readdirSync(path).sort();
    } catch {
      problems.push(`the folder ${path} cannot be read`);
      return;
    }
    for (const child of children) visit(join(path, child), path);
  };
  for (const path of paths) visit(path, null);
  if (problems.length > 0) {
    const more = problems.length > SHOWN_PROBLEMS ? ` (and ${problems.length - SHOWN_PROBLEMS} more)` : '';
    throw new VaultError(
      'BAD_REQUEST',
      `Nothing was imported: ${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`,
    );
  }
  return { entries, skipped };
}

function kindOf(st: Stats): string | null {
  if (st.isFile() || st.isDirectory()) return null;
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a pipe';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}
