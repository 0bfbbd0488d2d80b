import type { ModelPart, VaultItem } from '../../../src-shared/domain/vault.js';
import { FormError } from '../../components/FormError.js';
import { SelectField } from '../../components/SelectField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { vaultErrorMessage, vaultItems } from '../../state/vault.js';

const ROLES: { value: ModelPart['role'] | ''; label: string }[] = [
  { value: '', label: 'Not a model part' },
  { value: 'lora-adapter', label: 'LoRA adapter' },
  { value: 'weights', label: 'Model weights' },
  { value: 'system-prompt', label: 'System prompt' },
];

/**
 * What each marking does today. LoRA adapters and model weights are read by the model manager; system
 * prompts are kept but nothing uses them yet, and the page must say so rather than let them look applied.
 */
const EFFECT: Record<ModelPart['role'], string> = {
  'lora-adapter': 'Can be applied to a model when it is loaded; it is decrypted only for the load.',
  weights:
    'Listed among your models (a GGUF model) and loaded from the vault; it is decrypted only for the load.',
  'system-prompt': 'Not used yet: Sahel keeps this marking but does not read system prompts from the vault.',
};

/**
 * Marks a file as a model part, so the model manager can apply it (decrypted only while it loads).
 * Which model it belongs to is chosen when models can be managed; until then it applies to any.
 */
export function ModelPartSetting({ item }: { item: VaultItem }) {
  const form = useFormAction(vaultErrorMessage);
  if (item.kind !== 'file' && item.kind !== 'model-part') return null;

  const change = (role: ModelPart['role'] | '') =>
    form.run(async () => {
      await vaultItems.update({
        id: item.id,
        modelPart: role ? { role, model: item.modelPart?.model ?? null } : null,
      });
    });

  return (
    <div className="vault-model-part">
      <SelectField
        label="Use as"
        value={item.modelPart?.role ?? ''}
        options={ROLES}
        disabled={form.busy}
        onChange={(role) => void change(role)}
        hint={item.modelPart && EFFECT[item.modelPart.role]}
      />
      <FormError error={form.error} />
    </div>
  );
}
