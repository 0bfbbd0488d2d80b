import type { AdapterChoice, AppliedAdapter, LoraAdapterItem } from '../../src-shared/domain/models.js';
import type { VaultItem } from '../../src-shared/domain/vault.js';
import { SahelError } from '../../src-shared/errors.js';
import { type Vault, vaultCall } from '../vault/index.js';
import type { LoraFile } from './engine/protocol.js';
import { assertLicensed, expiredAt, type ItemLicences } from './licences.js';
import { modelParts } from './vault-parts.js';

/**
 * LoRA adapters kept in the vault as model parts: listed for choosing, checked against the model a
 * load is for, and decrypted to the vault's private runtime dir only for the moment of a load.
 */
export class VaultAdapters {
  constructor(
    private readonly vault: Vault,
    /** Bought adapters whose licence has ended are listed with the date and refused at load. */
    private readonly licences?: ItemLicences,
  ) {}

  /** Every item marked as a LoRA adapter, in any folder; `modelId` keeps those for it or for any model. */
  list(modelId?: string): LoraAdapterItem[] {
    const out: LoraAdapterItem[] = [];
    for (const item of modelParts(this.vault, 'lora-adapter')) {
      const model = item.modelPart?.model ?? null;
      if (modelId !== undefined && model !== null && model !== modelId) continue;
      out.push({
        itemId: item.id,
        name: item.name,
        size: item.size,
        model,
        licenceExpired: expiredAt(this.licences, item.id),
      });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The adapters named, checked: each a LoRA adapter item, for this model or any, none twice. */
  resolve(choices: AdapterChoice[], modelId: string): AppliedAdapter[] {
    return vaultCall(() => {
      const seen = new Set<string>();
      return choices.map(({ itemId, scale }) => {
        if (seen.has(itemId)) throw new SahelError('BAD_INPUT', `Adapter ${itemId} is given twice`);
        seen.add(itemId);
        const item: VaultItem = this.vault.items.get(itemId);
        if (item.modelPart?.role !== 'lora-adapter') {
          throw new SahelError('BAD_INPUT', `Vault item ${itemId} is not marked as a LoRA adapter`);
        }
        assertLicensed(this.licences, itemId, item.name);
        if (item.modelPart.model !== null && item.modelPart.model !== modelId) {
          throw new SahelError(
            'BAD_INPUT',
            `Adapter "${item.name}" is for the model ${item.modelPart.model}, not ${modelId}`,
          );
        }
        return { itemId, name: item.name, scale };
      });
    });
  }

  /**
   * Decrypts the adapters to 0600 files for one load. On any failure the files made so far are
   * removed before the error goes up; on success the caller releases them right after the load. The
   * licence is asked again here: the engine's reload after a crash comes through this too.
   */
  async materialize(choices: AdapterChoice[]): Promise<{ files: LoraFile[]; release(): void }> {
    const made: { path: string; dispose(): void }[] = [];
    const release = () => {
      for (const m of made.splice(0)) m.dispose();
    };
    try {
      for (const c of choices) {
        assertLicensed(this.licences, c.itemId, vaultCall(() => this.vault.items.get(c.itemId)).name);
        made.push(await vaultCall(() => this.vault.items.materialize(c.itemId)));
      }
    } catch (err) {
      release();
      throw err;
    }
    return { files: made.map((m, i) => ({ filePath: m.path, scale: choices[i]?.scale ?? 1 })), release };
  }
}
