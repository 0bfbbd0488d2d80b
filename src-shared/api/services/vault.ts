import { z } from 'zod';
import {
  ModelPart,
  SetAsideItem,
  VaultItem,
  VaultPreview,
  VaultSearchHit,
  VaultState,
} from '../../domain/vault.js';
import { LocalPath, procedure } from '../define.js';
import { NoInput } from './app.js';

const Passphrase = z.string().min(1).max(1024);
const Id = z.string().regex(/^[0-9a-f]{32}$/, 'an item id');
const Name = z.string().trim().min(1).max(255);
const Tags = z.array(z.string().trim().min(1).max(64)).max(32);

export const vaultService = {
  state: procedure(NoInput, VaultState, 'Whether the vault exists and is unlocked.'),
  create: procedure(z.strictObject({ passphrase: Passphrase }), VaultState, 'Creates the vault, unlocked.'),
  unlock: procedure(z.strictObject({ passphrase: Passphrase }), VaultState, 'Unlocks with the passphrase.'),
  lock: procedure(NoInput, VaultState, 'Locks now: keys leave memory.'),
  unlockWithDevice: procedure(NoInput, VaultState, 'Unlocks with the key kept in the system keychain.'),
  setDeviceUnlock: procedure(
    z.strictObject({ enabled: z.boolean() }),
    VaultState,
    'Turns "remember on this device" on (vault unlocked) or off.',
  ),
  changePassphrase: procedure(
    z.strictObject({ current: Passphrase, next: Passphrase }),
    VaultState,
    'Rewraps the vault key under a new passphrase; data is not re-encrypted.',
  ),
  list: procedure(
    z.strictObject({ parentId: Id.nullable().default(null) }),
    z.object({ items: z.array(VaultItem) }),
    'Items in a folder (null: the top level).',
  ),
  get: procedure(z.strictObject({ id: Id }), VaultItem, 'One item’s metadata.'),
  setAside: procedure(
    NoInput,
    z.object({ items: z.array(SetAsideItem) }),
    'Items that could not be opened and were set aside: unreadable rows, damaged files (vault unlocked).',
  ),
  search: procedure(
    z.strictObject({ query: z.string().max(500), limit: z.number().int().min(1).max(100).default(20) }),
    z.object({ hits: z.array(VaultSearchHit) }),
    'Full-text search over names, tags and text content.',
  ),
  addNote: procedure(
    z.strictObject({
      name: Name,
      text: z.string().max(1024 * 1024),
      tags: Tags.default([]),
      parentId: Id.nullable().default(null),
    }),
    VaultItem,
    'Adds a text note.',
  ),
  addSecret: procedure(
    z.strictObject({
      name: Name,
      value: z
        .string()
        .min(1)
        .max(64 * 1024),
      tags: Tags.default([]),
    }),
    VaultItem,
    'Adds a secret (a password, an API key); it is shown only on request.',
  ),
  revealSecret: procedure(
    z.strictObject({ id: Id }),
    z.object({ value: z.string() }),
    'Shows a secret’s value.',
  ),
  importPaths: procedure(
    z.strictObject({
      paths: z.array(LocalPath).min(1).max(1000),
      tags: Tags.default([]),
      parentId: Id.nullable().default(null),
      /** The files are age files encrypted to the vault's recipient (`age -r age1…`): import their content. */
      fromAge: z.boolean().default(false),
    }),
    z.object({
      job: z.string(),
      items: z.array(VaultItem),
      /** Named or found but not imported: symbolic links, pipes, devices, sockets. */
      skipped: z.array(z.object({ path: z.string(), reason: z.string() })).default([]),
    }),
    'Imports files and folders from this machine, all or nothing, streaming, with progress events (the browser uploads instead).',
    'app-or-cli',
  ),
  update: procedure(
    z.strictObject({
      id: Id,
      name: Name.optional(),
      tags: Tags.optional(),
      modelPart: ModelPart.nullable().optional(),
    }),
    VaultItem,
    'Renames, retags, or marks an item as a model part.',
  ),
  preview: procedure(
    z.strictObject({
      id: Id,
      maxBytes: z
        .number()
        .int()
        .min(1)
        .max(4 * 1024 * 1024)
        .default(256 * 1024),
    }),
    VaultPreview,
    'The start of a text item, or a small image, decrypted for display.',
  ),
  exportFile: procedure(
    z.strictObject({ id: Id, path: LocalPath, overwrite: z.boolean().default(false) }),
    z.object({ path: z.string(), sha256: z.string() }),
    'Decrypts an item to a file on this machine, checking its sha256 (the browser downloads instead).',
    'app-or-cli',
  ),
  exportAge: procedure(
    z.union([
      z.strictObject({ id: Id, path: LocalPath, recipient: z.string().startsWith('age1').max(200) }),
      z.strictObject({ id: Id, path: LocalPath, passphrase: Passphrase }),
    ]),
    z.object({ path: z.string() }),
    'Writes a standard age file of an item, to a recipient or a passphrase.',
    'app-or-cli',
  ),
  remove: procedure(
    z.strictObject({ id: Id }),
    z.object({ removed: z.number().int() }),
    'Deletes an item (a folder with its contents), or a row set aside as unreadable.',
  ),
  exportIdentity: procedure(
    z.strictObject({ passphrase: Passphrase }),
    z.object({ identity: z.string() }),
    'The vault’s age identity, for recovery with `age -d -i`. Command line only.',
    'cli',
  ),
} as const;
