import type { AssetKind } from '../../src-shared/domain/asset-metadata.js';
import type { ModelPart, VaultItem } from '../../src-shared/domain/vault.js';
import { SahelError } from '../../src-shared/errors.js';
import { type Vault, vaultCall } from '../vault/index.js';
import { inspectGguf } from './models/gguf.js';

/** Folders deeper than this are not searched for model parts (the vault UI never nests that far). */
const MAX_DEPTH = 32;

/** Every vault item marked as a model part of `role`, in any folder (the vault must be unlocked). */
export function modelParts(vault: Pick<Vault, 'items'>, role: ModelPart['role']): VaultItem[] {
  return vaultCall(() => {
    const out: VaultItem[] = [];
    const walk = (parentId: string | null, depth: number) => {
      for (const item of vault.items.list(parentId)) {
        if (item.kind === 'folder' && depth < MAX_DEPTH) walk(item.id, depth + 1);
        if (item.kind === 'model-part' && item.modelPart?.role === role) out.push(item);
      }
    };
    walk(null, 0);
    return out;
  });
}

/**
 * Marks a vault file (a bought adapter or model) as a model part once its GGUF header has been read
 * and says it is one: the bytes came from a seller, so the bounded reader in its own process sees
 * them first (gguf.ts), decrypted to the private runtime dir for that moment only. A file that is not
 * a GGUF of that type stays a plain file and the error says why.
 */
export async function markModelPart(
  vault: Pick<Vault, 'items'>,
  itemId: string,
  role: 'lora-adapter' | 'weights',
): Promise<VaultItem> {
  const file = await vaultCall(() => vault.items.materialize(itemId));
  try {
    const name = vaultCall(() => vault.items.get(itemId)).name;
    const meta = await inspectGguf(file.path);
    const isAdapter = meta.fileType === 'adapter';
    if (isAdapter !== (role === 'lora-adapter')) {
      throw new SahelError(
        'BAD_INPUT',
        `${name} is a GGUF ${isAdapter ? 'LoRA adapter' : 'model'}, not ${role === 'weights' ? 'a model' : 'a LoRA adapter'}: it stays a plain file in the vault.`,
      );
    }
    return vaultCall(() => vault.items.update(itemId, { modelPart: { role, model: null } }));
  } finally {
    file.dispose();
  }
}

/**
 * What a bought asset of each kind becomes once in the vault: an adapter or a model is checked and
 * marked as a model part (null for the other kinds: a dataset is a vault file retrieval reads as it
 * is; an agent or prompt waits, tagged with its kind, for the agent to install it).
 */
export function offerBought(
  vault: Pick<Vault, 'items'>,
  itemId: string,
  kind: AssetKind,
): Promise<VaultItem> | null {
  if (kind === 'adapter') return markModelPart(vault, itemId, 'lora-adapter');
  if (kind === 'model') return markModelPart(vault, itemId, 'weights');
  return null;
}
