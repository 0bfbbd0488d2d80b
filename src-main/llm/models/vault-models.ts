import type { InstalledModel } from '../../../src-shared/domain/models.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { SahelError } from '../../../src-shared/errors.js';
import { type Vault, vaultCall } from '../../vault/index.js';
import { assertLicensed, expiredAt, type ItemLicences } from '../licences.js';
import { modelParts } from '../vault-parts.js';
import { inspectGguf } from './gguf.js';
import type { LoadTarget } from './load-target.js';

const PREFIX = 'vault-';

/** Whether a model id names a vault item (`vault-<item id>`), not a row of the models table. */
export const isVaultModelId = (id: string): boolean => id.startsWith(PREFIX);

/**
 * GGUF models kept encrypted in the vault (bought ones, checked and marked as model weights at import,
 * or files the user marked so), listed among the models while the vault is unlocked and loaded like
 * any other: decrypted to the vault's private runtime dir for each load only. A bought model whose
 * licence has ended is listed with the date and refused at load.
 */
export class VaultModels {
  constructor(
    private readonly vault: Pick<Vault, 'items' | 'isUnlocked'>,
    private readonly licences?: ItemLicences,
  ) {}

  /** The vault's models; none while it is locked (their names are vault data too). */
  list(isLoaded: (id: string) => boolean): InstalledModel[] {
    if (!this.vault.isUnlocked) return [];
    return modelParts(this.vault, 'weights').map((item) => this.view(item, isLoaded));
  }

  get(id: string, isLoaded: (id: string) => boolean): InstalledModel {
    return this.view(this.item(id), isLoaded);
  }

  /**
   * Checks the file's header and the licence, then gives the engine a source that decrypts the file
   * for each load. The copy decrypted for the header check is the first load's file (one pass over
   * the file, not two); `release` removes it when no load took it (a load refused before the engine
   * asked for its file), so no plaintext stays behind. A later load (a reload after a crash) decrypts
   * again.
   */
  async target(id: string): Promise<LoadTarget> {
    const item = this.item(id);
    assertLicensed(this.licences, item.id, item.name);
    let checked: { path: string; dispose(): void } | undefined = await vaultCall(() =>
      this.vault.items.materialize(item.id),
    );
    const release = () => {
      checked?.dispose();
      checked = undefined;
    };
    let meta: LoadTarget['meta'];
    try {
      meta = await inspectGguf(checked.path);
      if (meta.fileType === 'adapter') {
        throw new SahelError('BAD_INPUT', `${item.name} is a LoRA adapter: apply it to a model instead`);
      }
    } catch (err) {
      release();
      throw err;
    }
    const file = async () => {
      try {
        // Locked since the check, or the licence ended: the copy goes, and the load is refused.
        vaultCall(() => this.vault.items.get(item.id));
        assertLicensed(this.licences, item.id, item.name);
      } catch (err) {
        release();
        throw err;
      }
      const m = checked ?? (await vaultCall(() => this.vault.items.materialize(item.id)));
      checked = undefined;
      return { path: m.path, release: () => m.dispose() };
    };
    return {
      id,
      name: item.name,
      path: `vault:${item.id}`,
      fileBytes: item.size,
      meta,
      file,
      release,
      itemId: item.id,
    };
  }

  private item(id: string): VaultItem {
    const itemId = id.slice(PREFIX.length);
    const item = isVaultModelId(id) ? vaultCall(() => this.vault.items.get(itemId)) : undefined;
    if (item?.modelPart?.role !== 'weights')
      throw new SahelError('NOT_FOUND', `No model ${JSON.stringify(id)}`);
    return item;
  }

  private view(item: VaultItem, isLoaded: (id: string) => boolean): InstalledModel {
    const id = `${PREFIX}${item.id}`;
    return {
      id,
      name: item.name,
      source: 'vault',
      catalogId: null,
      url: null,
      path: `vault:${item.id}`,
      owned: false,
      state: 'ready',
      bytes: item.size,
      sizeBytes: item.size,
      sha256: item.sha256,
      error: null,
      architecture: null,
      contextLength: null,
      loaded: isLoaded(id),
      created: item.created,
      purpose: 'chat',
      embedding: false,
      licenceExpired: expiredAt(this.licences, item.id),
    };
  }
}
