import { useId, useState } from 'react';
import type { ModelPart, VaultItem } from '../../../src-shared/domain/vault.js';
import { client } from '../../bridge.js';
import { FormError } from '../../components/FormError.js';
import { vaultErrorMessage } from '../../state/vault.js';

const ROLES: { value: ModelPart['role'] | ''; label: string }[] = [
  { value: '', label: 'Not a model part' },
  { value: 'lora-adapter', label: 'LoRA adapter' },
  { value: 'weights', label: 'Model weights' },
  { value: 'system-prompt', label: 'System prompt' },
];

/**
 * Marks a file as a model part, so the model manager can apply it (decrypted only while it loads).
 * Which model it belongs to is chosen when models can be managed; until then it applies to any.
 */
export function ModelPartSetting({ item }: { item: VaultItem }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (item.kind !== 'file' && item.kind !== 'model-part') return null;

  const change = async (role: ModelPart['role'] | '') => {
    setBusy(true);
    setError(null);
    try {
      await client.vault.update({
        id: item.id,
        modelPart: role ? { role, model: item.modelPart?.model ?? null } : null,
      });
    } catch (err) {
      setError(vaultErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="vault-model-part">
      <label className="field-label" htmlFor={id}>
        Use as
      </label>
      <select
        id={id}
        className="select"
        value={item.modelPart?.role ?? ''}
        disabled={busy}
        onChange={(e) => void change(e.target.value as ModelPart['role'] | '')}
      >
        {ROLES.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      <FormError error={error} />
    </div>
  );
}
