import { useState } from 'react';
import { FormError } from '../../components/FormError.js';
import { MemoryConsentBox } from '../../components/MemoryConsentBox.js';
import { SelectField } from '../../components/SelectField.js';
import { useApp } from '../../state/app.js';
import { errorMessage } from '../../state/errors.js';
import { useSettings } from '../../state/settings.js';

/**
 * The chat templates node-llama-cpp 3.21.1 can be told to use (its specializedChatWrapperTypeNames).
 * The renderer cannot import node-llama-cpp; the owner passes the name on and the engine resolves it.
 */
const WRAPPERS: { value: string; label: string }[] = [
  { value: 'auto', label: 'Automatic (from the model)' },
  { value: 'chatML', label: 'ChatML' },
  { value: 'llama3.1', label: 'Llama 3.1' },
  { value: 'llama3.2-lightweight', label: 'Llama 3.2 lightweight' },
  { value: 'llama3', label: 'Llama 3' },
  { value: 'llama2Chat', label: 'Llama 2 chat' },
  { value: 'mistral', label: 'Mistral' },
  { value: 'qwen', label: 'Qwen' },
  { value: 'gemma', label: 'Gemma' },
  { value: 'gemma4', label: 'Gemma 4' },
  { value: 'deepSeek', label: 'DeepSeek' },
  { value: 'harmony', label: 'Harmony (gpt-oss)' },
  { value: 'functionary', label: 'Functionary' },
  { value: 'falconChat', label: 'Falcon chat' },
  { value: 'alpacaChat', label: 'Alpaca chat' },
  { value: 'seed', label: 'Seed' },
  { value: 'muse', label: 'Muse' },
  { value: 'general', label: 'General' },
];

const ERROR_PREFIX = 'Could not change the chat settings: ';

/** Chat settings: the template the local model is prompted with, and whether memories are extracted. */
export function ChatSetting() {
  const wrapper = useSettings((s) => s.settings?.chatWrapper);
  const apiLoads = useSettings((s) => s.settings?.apiLoadsModels);
  const open = useApp((s) => s.connection === 'open');
  const [error, setError] = useState<string | null>(null);

  const update = async (patch: { chatWrapper: string } | { apiLoadsModels: boolean }) => {
    setError(null);
    try {
      await useSettings.getState().update(patch);
    } catch (err) {
      setError(`${ERROR_PREFIX}${errorMessage(err)}`);
    }
  };

  const known = WRAPPERS.some((w) => w.value === wrapper);
  return (
    <section className="settings-section" aria-labelledby="chat-settings-title">
      <h2 id="chat-settings-title" className="section-title">
        Chat
      </h2>
      <SelectField
        label="Chat template"
        value={wrapper ?? 'auto'}
        options={known || !wrapper ? WRAPPERS : [{ value: wrapper, label: wrapper }, ...WRAPPERS]}
        disabled={wrapper === undefined || !open}
        onChange={(v) => void update({ chatWrapper: v })}
        hint="How messages are laid out for the model. Automatic reads it from the model file; choose another only when replies come out garbled."
      />
      <label className="checkbox-row">
        <input
          type="checkbox"
          checked={apiLoads !== false}
          disabled={apiLoads === undefined || !open}
          aria-describedby="api-loads-models-hint"
          onChange={(e) => void update({ apiLoadsModels: e.target.checked })}
        />
        Load models when the local API asks for them
      </label>
      <p id="api-loads-models-hint" className="field-hint">
        A program using the OpenAI-compatible API (/v1) that names an installed model which is not loaded
        loads it, in place of the current one. Off: it is told to load the model here first.
      </p>
      <FormError error={error} />
      <MemoryConsentBox
        disabled={!open}
        errorPrefix={ERROR_PREFIX}
        hint="The agent may keep facts you mention, encrypted in your vault. You can see, edit and forget each one under Persona and memory on the Chat page."
      />
    </section>
  );
}
