import { randomBytes } from 'node:crypto';
import type { Contract } from '../../../src-shared/api/contract.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { SahelError } from '../../../src-shared/errors.js';
import { weakPassphraseReason } from '../../../src-shared/passphrase-strength.js';
import { type Vault, vaultCall } from '../../vault/index.js';
import type { CallContext, ServiceHandlers } from '../handlers.js';

/** A new passphrase passes the same strength rule as in the app's form, whoever asks the owner. */
function strongEnough(passphrase: string): string {
  const weak = weakPassphraseReason(passphrase);
  if (weak) throw new SahelError('WEAK_PASSPHRASE', weak);
  return passphrase;
}

/** The identity is a recovery secret: it goes to the command line only, never to a window or a page. */
function commandLineOnly(ctx: CallContext): void {
  if (ctx.transport !== 'socket' && ctx.transport !== 'local') {
    throw new SahelError('FORBIDDEN', 'The vault identity can be exported from the command line only');
  }
}

/** Which items were bought under a licence that has ended, and when (core.ts hands the market's answer). */
export interface EndedLicences {
  expired(): ReadonlyMap<string, string>;
}

export function vaultHandlers(vault: Vault, licences?: EndedLicences): ServiceHandlers<Contract['vault']> {
  // Labelled here, not in the vault: the vault does not know the market (and may not import it).
  const labelled = (items: VaultItem[]): VaultItem[] => {
    const ended = licences?.expired();
    if (!ended || ended.size === 0) return items;
    return items.map((i) => {
      const at = ended.get(i.id);
      return at === undefined ? i : { ...i, licenceExpired: at };
    });
  };
  return {
    state: () => vault.state(),
    create: ({ passphrase }) => vaultCall(() => vault.create(strongEnough(passphrase))),
    unlock: ({ passphrase }) => vaultCall(() => vault.unlock(passphrase)),
    lock: () => vault.lock(),
    unlockWithDevice: () => vaultCall(() => vault.unlockWithDevice()),
    setDeviceUnlock: ({ enabled }) =>
      vaultCall(() => (enabled ? vault.enableDeviceUnlock() : vault.disableDeviceUnlock())),
    changePassphrase: ({ current, next }) =>
      vaultCall(() => vault.changePassphrase(current, strongEnough(next))),
    list: ({ parentId }) => vaultCall(() => ({ items: labelled(vault.items.list(parentId)) })),
    get: ({ id }) => vaultCall(() => labelled([vault.items.get(id)])[0] as VaultItem),
    setAside: () =>
      vaultCall(() => {
        const items = vault.items;
        const { unreadable, damaged } = vault.state();
        return {
          items: [
            ...unreadable.map((id) => ({ id, reason: 'unreadable' as const, name: null, kind: null })),
            ...damaged.map((id) => {
              const { name, kind } = items.get(id);
              return { id, reason: 'damaged' as const, name, kind };
            }),
          ],
        };
      }),
    search: ({ query, limit }) => vaultCall(async () => ({ hits: await vault.items.search(query, limit) })),
    addNote: ({ name, text, tags, parentId }) =>
      vaultCall(() => vault.items.addNote(name, text, tags, parentId)),
    addSecret: ({ name, value, tags }) => vaultCall(() => vault.items.addSecret(name, value, tags)),
    revealSecret: ({ id }) => vaultCall(async () => ({ value: await vault.items.revealSecret(id) })),
    importPaths: ({ paths, tags, parentId, fromAge }) =>
      vaultCall(async () => {
        const job = randomBytes(8).toString('hex');
        return { job, ...(await vault.items.importTree(paths, tags, parentId, job, { fromAge })) };
      }),
    update: ({ id, ...patch }) => vaultCall(() => vault.items.update(id, patch)),
    preview: ({ id, maxBytes }) => vaultCall(() => vault.items.preview(id, maxBytes)),
    exportFile: ({ id, path, overwrite }) => vaultCall(() => vault.items.exportFile(id, path, overwrite)),
    exportAge: (input) =>
      vaultCall(() =>
        vault.items.exportAge(
          input.id,
          input.path,
          'recipient' in input ? { recipient: input.recipient } : { passphrase: input.passphrase },
        ),
      ),
    remove: ({ id }) => vaultCall(() => ({ removed: vault.items.remove(id) })),
    exportIdentity: ({ passphrase }, ctx) =>
      vaultCall(async () => {
        commandLineOnly(ctx);
        return { identity: await vault.exportIdentity(passphrase) };
      }),
  };
}
