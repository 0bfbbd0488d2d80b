import type { AssetKind } from '../../../src-shared/domain/asset-metadata.js';
import type { VaultItem } from '../../../src-shared/domain/vault.js';
import { SahelError } from '../../../src-shared/errors.js';
import type { LicenseRow, MarketTradesRepo } from '../../store/index.js';
import { type Vault, vaultCall } from '../../vault/index.js';

/** The kinds of asset that become model parts once bought. */
export type PartKind = Extract<AssetKind, 'adapter' | 'model'>;

/**
 * Checks a vault file's GGUF header and marks it as a model part of that kind, throwing a BAD_INPUT
 * SahelError when the file is not one (core.ts hands in the llm layer's, which market may not import).
 */
export type MarkPart = (itemId: string, kind: PartKind) => Promise<unknown>;

export interface BoughtPartsOptions {
  trades: MarketTradesRepo;
  vault: Pick<Vault, 'items'>;
  mark: MarkPart;
  log: { warn(msg: string, data?: Record<string, unknown>): void };
  now?: () => number;
}

const partKind = (kind: string): PartKind | null => (kind === 'adapter' || kind === 'model' ? kind : null);

/**
 * Makes bought adapters and models usable: marked as model parts once their GGUF header says they
 * are. The marking comes after the import (the header is read from the plaintext, which the import's
 * one pass over the file does not keep), so a crash between the two would leave the item a plain
 * file; `settle` finds such items at unlock and marks them. An item is taken as cut off only while
 * nothing changed it since its import (its `updated` is not after the licence was marked received):
 * one the user unmarked or edited since is the user's choice and left alone. A file that is not a GGUF
 * of its kind is refused once, and the reason kept on its licence, so it is not decrypted again at
 * every unlock.
 */
export class BoughtParts {
  /** Items being marked now: a settle that overlaps a receive does not mark one twice. */
  private readonly marking = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly o: BoughtPartsOptions) {
    this.now = o.now ?? Date.now;
  }

  /** An asset just received into the vault: marks it when its kind is a model part's. */
  received(licence: Pick<LicenseRow, 'id'>, itemId: string, kind: AssetKind): Promise<boolean> {
    const part = partKind(kind);
    return part ? this.markOne(licence.id, itemId, part) : Promise.resolve(false);
  }

  /** Marks every bought adapter or model whose marking was cut off; returns the items marked. */
  async settle(): Promise<string[]> {
    const done: string[] = [];
    for (const row of this.o.trades.receivedItems()) {
      const item = this.itemOrUndefined(row.itemId as string);
      const part = item && cutOff(item, row);
      if (part && (await this.markOne(row.id, item.id, part))) done.push(item.id);
    }
    return done;
  }

  private async markOne(rowId: string, itemId: string, kind: PartKind): Promise<boolean> {
    if (this.marking.has(itemId)) return false;
    this.marking.add(itemId);
    try {
      await this.o.mark(itemId, kind);
      return true;
    } catch (err) {
      const refused = SahelError.is(err) && err.code === 'BAD_INPUT';
      if (refused) {
        // Not the error's text: it names the vault item, and licence rows are not sealed.
        const what = kind === 'adapter' ? 'a GGUF LoRA adapter' : 'a GGUF model';
        this.o.trades.setLicenseState(rowId, 'received', {
          reason: `its file is not ${what}: it stays a plain file in the vault`,
          now: new Date(this.now()).toISOString(),
        });
      }
      // Anything else (the vault locked, the disk full) is tried again at the next unlock.
      const code = (err as { code?: unknown } | null)?.code;
      this.o.log.warn('market: a bought item stays a plain vault file', {
        kind,
        code: typeof code === 'string' ? code : 'UNKNOWN',
        retried: !refused,
      });
      return false;
    } finally {
      this.marking.delete(itemId);
    }
  }

  private itemOrUndefined(id: string): VaultItem | undefined {
    try {
      return vaultCall(() => this.o.vault.items.get(id));
    } catch {
      return undefined; // deleted by the user, or the vault locked again
    }
  }
}

/** The kind an item should have been marked as, when its marking was cut off; else null. */
function cutOff(item: VaultItem, licence: Pick<LicenseRow, 'updatedAt'>): PartKind | null {
  if (item.kind !== 'file' || item.modelPart !== null) return null;
  if (Date.parse(item.updated) > Date.parse(licence.updatedAt)) return null;
  // Tagged at import with the chain's kind (never the metadata's).
  return item.tags.map(partKind).find((k) => k !== null) ?? null;
}
