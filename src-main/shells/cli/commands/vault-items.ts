import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { onEvent } from '../../../../src-shared/api/client.js';
import type { SahelClient } from '../../../../src-shared/api/contract.js';
import type { SetAsideItem, VaultItem, VaultProgress } from '../../../../src-shared/domain/vault.js';
import { parseRecipient } from '../../../vault/index.js';
import type { CliContext } from '../context.js';
import { CliError, printable, UsageError } from '../output.js';
import { readPassphraseFile } from '../passphrase.js';
import { highlights, itemTable, progressLine, snippetLine, table } from './vault-format.js';
import { checkId, confirm, readStdin, type VaultPassFlags, withUnlockedVault } from './vault-session.js';

const NOTE_MAX_BYTES = 1024 * 1024;

export interface AddFlags extends VaultPassFlags {
  tag: string[];
  fromAge?: boolean;
  parent?: string;
}

/**
 * `sahel vault add <path…>`: imports files and folders (recursively). Paths are resolved against this
 * command's working directory before they go to the owner, which may run elsewhere.
 */
export async function vaultAddCommand(ctx: CliContext, paths: string[], flags: AddFlags): Promise<void> {
  const absolute = paths.map((p) => resolve(p));
  for (const p of absolute) if (!existsSync(p)) throw new CliError(`No such file or folder: ${p}`);
  const parentId = flags.parent === undefined ? null : checkId(flags.parent);
  await withUnlockedVault(ctx, flags, async (client, conn) => {
    const stopProgress = showProgress(ctx, (listener) => onEvent(conn.transport, 'vault.progress', listener));
    let items: VaultItem[];
    let skipped: { path: string; reason: string }[];
    try {
      ({ items, skipped } = await client.vault.importPaths({
        paths: absolute,
        tags: flags.tag,
        parentId,
        fromAge: flags.fromAge === true,
      }));
    } finally {
      stopProgress();
    }
    const files = items.filter((i) => i.kind !== 'folder').length;
    const folders = items.length - files;
    const summary = `Added ${files} file${files === 1 ? '' : 's'}${
      folders ? ` in ${folders} folder${folders === 1 ? '' : 's'}` : ''
    }.`;
    const skips = skipped.map((s) => `Skipped ${s.path}: ${s.reason}.`);
    if (items.length === 0 && skipped.length > 0) {
      throw new CliError(`Nothing was added: ${skipped.map((s) => `${s.path} is ${s.reason}`).join('; ')}`);
    }
    ctx.out.result([itemTable(withPaths(items)), ...skips, summary].join('\n'), { items, skipped });
  });
}

export interface ListFlags extends VaultPassFlags {
  all?: boolean;
  parent?: string;
}

/** `sahel vault list`: the top level (or one folder); `--all` walks every folder. */
export async function vaultListCommand(ctx: CliContext, flags: ListFlags): Promise<void> {
  const parentId = flags.parent === undefined ? null : checkId(flags.parent);
  await withUnlockedVault(ctx, flags, async (client) => {
    const items = flags.all ? await listAll(client, parentId) : (await client.vault.list({ parentId })).items;
    // What could not be opened is named at the top level, where the UI shows it too, so it can be removed.
    const setAside = parentId === null ? (await client.vault.setAside({})).items : [];
    const notice = setAside.length === 0 ? [] : [setAsideNotice(setAside)];
    ctx.out.result([itemTable(withPaths(items)), ...notice].join('\n'), { items, setAside });
  });
}

export interface SearchFlags extends VaultPassFlags {
  limit: string;
}

/** `sahel vault search <text>`: names, tags and text content; prints matching excerpts. */
export async function vaultSearchCommand(ctx: CliContext, query: string, flags: SearchFlags): Promise<void> {
  const limit = Number(flags.limit);
  if (!/^\d+$/.test(flags.limit) || limit < 1 || limit > 100) {
    throw new UsageError(`--limit must be 1–100, not ${flags.limit}`);
  }
  await withUnlockedVault(ctx, flags, async (client) => {
    const { hits } = await client.vault.search({ query, limit });
    const human =
      hits.length === 0
        ? 'Nothing matches.'
        : table(
            ['ID', 'KIND', 'NAME', 'MATCH'],
            hits.map((h) => [h.id, h.kind, snippetLine(h.name), snippetLine(h.snippet)]),
          );
    // Scripts get the plain text and the match ranges, not the owner's control-character marks.
    const clean = hits.map((h) => {
      const name = highlights(h.name);
      const snippet = highlights(h.snippet);
      return {
        ...h,
        name: name.text,
        nameHighlights: name.highlights,
        snippet: snippet.text,
        snippetHighlights: snippet.highlights,
      };
    });
    ctx.out.result(human, { hits: clean });
  });
}

export interface GetFlags extends VaultPassFlags {
  output: string;
  force?: boolean;
}

/** `sahel vault get <id> -o <path>`: decrypts an item to a file, checking its sha256. */
export async function vaultGetCommand(ctx: CliContext, id: string, flags: GetFlags): Promise<void> {
  checkId(id);
  checkOutput(flags.output);
  await withUnlockedVault(ctx, flags, async (client) => {
    const item = await client.vault.get({ id });
    if (item.kind === 'folder') throw new CliError(`${item.name} is a folder: get its files one by one`);
    const path = outputPath(flags.output, item.name, '', flags.force === true);
    const done = await client.vault.exportFile({ id, path, overwrite: flags.force === true });
    ctx.out.result(`Wrote ${done.path} (sha256 ${done.sha256}).`, done);
  });
}

export interface RmFlags extends VaultPassFlags {
  yes?: boolean;
}

/** `sahel vault rm <id>`: deletes an item (a folder with everything in it); asks unless --yes. */
export async function vaultRmCommand(ctx: CliContext, id: string, flags: RmFlags): Promise<void> {
  checkId(id);
  if (!flags.yes && !process.stdin.isTTY) {
    throw new UsageError('rm deletes for good: pass --yes to confirm when not at a terminal');
  }
  await withUnlockedVault(ctx, flags, async (client) => {
    // An item set aside as unreadable has no metadata to get: it is named from the set-aside list.
    const aside = (await client.vault.setAside({})).items.find((i) => i.id === id);
    const item = aside ? undefined : await client.vault.get({ id });
    if (!flags.yes) {
      const what = aside
        ? `the ${aside.reason} item ${printable(aside.name ?? id)}`
        : item?.kind === 'folder'
          ? `the folder ${item.name} and everything in it`
          : (item?.name ?? id);
      if (!(await confirm(`Delete ${what} from the vault?`))) throw new CliError('Nothing was deleted');
    }
    const { removed } = await client.vault.remove({ id });
    ctx.out.result(`Deleted ${removed} item${removed === 1 ? '' : 's'}.`, { removed });
  });
}

export interface ExportFlags extends VaultPassFlags {
  recipient?: string;
  exportPassphraseFile?: string;
  output: string;
  force?: boolean;
}

/**
 * `sahel vault export <id> (--recipient age1… | --export-passphrase-file <f>) -o <path>`: a standard
 * age file of one item, which `age -d -i <key>` (or `age -d`, asking the export passphrase) reads.
 * --passphrase-file stays the vault's own passphrase, as on every vault command.
 */
export async function vaultExportCommand(ctx: CliContext, id: string, flags: ExportFlags): Promise<void> {
  checkId(id);
  checkOutput(flags.output);
  if ((flags.recipient === undefined) === (flags.exportPassphraseFile === undefined)) {
    throw new UsageError(
      'export needs exactly one of --recipient <age1…> or --export-passphrase-file <file>',
    );
  }
  let to: { recipient: string } | { passphrase: string };
  if (flags.recipient !== undefined) {
    try {
      to = { recipient: parseRecipient(flags.recipient).toString() };
    } catch {
      throw new UsageError(`--recipient must be an age X25519 recipient (age1…), not ${flags.recipient}`);
    }
  } else {
    to = { passphrase: readPassphraseFile(flags.exportPassphraseFile ?? '') };
  }
  await withUnlockedVault(ctx, flags, async (client) => {
    const item = await client.vault.get({ id });
    if (item.kind === 'folder') throw new CliError(`${item.name} is a folder: export its files one by one`);
    const path = outputPath(flags.output, item.name, '.age', flags.force === true);
    const done = await client.vault.exportAge({ id, path, ...to });
    const how = 'recipient' in to ? `for ${to.recipient}` : 'with the export passphrase';
    ctx.out.result(`Wrote ${done.path}, an age file ${how}.`, {
      path: done.path,
      to: 'recipient' in to ? 'recipient' : 'passphrase',
    });
  });
}

export interface NoteFlags extends VaultPassFlags {
  tag: string[];
  parent?: string;
}

/** `sahel vault note <name>`: a text note, read from stdin. */
export async function vaultNoteCommand(ctx: CliContext, name: string, flags: NoteFlags): Promise<void> {
  if (!name.trim()) throw new UsageError('The note needs a name');
  const parentId = flags.parent === undefined ? null : checkId(flags.parent);
  await withUnlockedVault(ctx, flags, async (client) => {
    // Read after unlocking: at a terminal the passphrase prompt comes first, then the text until Ctrl-D.
    if (process.stdin.isTTY) process.stderr.write('Type the note, then Ctrl-D on an empty line:\n');
    const text = await readStdin(NOTE_MAX_BYTES);
    if (!text.trim()) throw new CliError('The note is empty: its text is read from stdin');
    const item = await client.vault.addNote({ name, text, tags: flags.tag, parentId });
    ctx.out.result(`Added the note ${item.name} (${item.id}).`, item);
  });
}

/** Every item under `parentId`, depth first, each with its path from there. */
async function listAll(
  client: SahelClient,
  parentId: string | null,
  prefix = '',
): Promise<(VaultItem & { path: string })[]> {
  const out: (VaultItem & { path: string })[] = [];
  const { items } = await client.vault.list({ parentId });
  for (const item of [...items].sort((a, b) => a.name.localeCompare(b.name))) {
    const path = `${prefix}${item.name}`;
    out.push({ ...item, path });
    if (item.kind === 'folder') out.push(...(await listAll(client, item.id, `${path}/`)));
  }
  return out;
}

/** Names items by their path among the given ones (an import returns a folder before its contents). */
function withPaths(items: readonly VaultItem[]): (VaultItem & { path: string })[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const pathOf = (i: VaultItem, depth = 0): string => {
    const parent = i.parentId ? byId.get(i.parentId) : undefined;
    return parent && depth < 64 ? `${pathOf(parent, depth + 1)}/${i.name}` : i.name;
  };
  return items.map((i) => ({ ...i, path: 'path' in i ? String(i.path) : pathOf(i) }));
}

/**
 * The owner (often another process) writes the file, fsynced and renamed into place: it cannot write
 * into this command's standard output, and a file named "-" is never what was meant.
 */
function checkOutput(output: string): void {
  if (output === '-')
    throw new UsageError('-o - (standard output) is not supported: give a file or folder path');
}

/**
 * Where `-o` points, resolved against this command's working directory. An existing folder gets the
 * item's name inside it; an existing file is replaced only with --force.
 */
function outputPath(output: string, name: string, suffix: string, force: boolean): string {
  let path = resolve(output);
  if (existsSync(path) && statSync(path).isDirectory()) {
    if (/[/\\]/.test(name) || name === '.' || name === '..') {
      throw new CliError(`The item's name cannot be a file name here: give -o a full path`);
    }
    path = join(path, `${name}${suffix}`);
  }
  if (existsSync(path) && !force) throw new CliError(`${path} exists: pass --force to replace it`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliError(`${path} is a folder`);
  return path;
}

/** Redraws one progress line on a terminal's stderr while files import; nothing in --json or pipes. */
function showProgress(
  ctx: CliContext,
  subscribe: (listener: (p: VaultProgress) => void) => () => void,
): () => void {
  if (ctx.out.json || !process.stderr.isTTY) return () => {};
  let shown = false;
  const unsubscribe = subscribe((p) => {
    if (p.phase !== 'running') return;
    const width = Math.max(20, (process.stderr.columns || 80) - 1);
    process.stderr.write(`\r${printable(progressLine(p)).slice(0, width).padEnd(width)}`);
    shown = true;
  });
  return () => {
    unsubscribe();
    if (shown) process.stderr.write(`\r${' '.repeat(Math.max(20, (process.stderr.columns || 80) - 1))}\r`);
  };
}

/** The set-aside items in a few lines: why each could not be opened and how to remove it. */
function setAsideNotice(items: readonly SetAsideItem[]): string {
  const lines = items.map((i) => {
    const what = i.reason === 'unreadable' ? 'its record cannot be opened' : 'its file is damaged';
    return `  ${i.id}${i.name ? ` (${printable(i.name)})` : ''}: ${what}`;
  });
  const n = items.length;
  return [
    `${n} item${n === 1 ? ' was' : 's were'} set aside (restore from a backup, or remove with \`sahel vault rm <id>\`):`,
    ...lines,
  ].join('\n');
}
