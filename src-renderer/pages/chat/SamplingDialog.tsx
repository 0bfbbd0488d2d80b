import { type FormEvent, useState } from 'react';
import { type Conversation, SamplingPatch } from '../../../src-shared/domain/chat.js';
import { Dialog } from '../../components/Dialog.js';
import { FormFooter } from '../../components/FormFooter.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { chatApi, useChat } from '../../state/chat.js';
import { useSettings } from '../../state/settings.js';

type Field = 'temperature' | 'topP' | 'maxTokens' | 'seed';

const PROBLEMS: Record<Field, string> = {
  temperature: 'Temperature is a number from 0 to 2.',
  topP: 'Top-p is a number above 0, up to 1.',
  maxTokens: 'Max tokens is a whole number from 1 to 32768.',
  seed: 'The seed is a whole number from 0 to 4294967295, or empty for a new one each reply.',
};

/**
 * A conversation's sampling: empty fields follow Settings (shown as placeholders), and an empty seed
 * means a new random one for every reply. Regenerate always draws a new seed.
 */
export function SamplingDialog({ conversation, onClose }: { conversation: Conversation; onClose(): void }) {
  const form = useFormAction();
  const defaults = useSettings((s) => s.settings);
  const own = conversation.sampling ?? {};
  const text = (v: number | null | undefined) => (v === undefined || v === null ? '' : String(v));
  const [values, setValues] = useState<Record<Field, string>>({
    temperature: text(own.temperature),
    topP: text(own.topP),
    maxTokens: text(own.maxTokens),
    seed: text(own.seed),
  });
  const set = (field: Field) => form.edit((v: string) => setValues((s) => ({ ...s, [field]: v })));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const patch: Record<string, number> = {};
    for (const field of Object.keys(values) as Field[]) {
      const raw = values[field].trim();
      if (raw !== '') patch[field] = Number(raw);
    }
    const parsed = SamplingPatch.safeParse(patch);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0] as Field | undefined;
      return form.fail(field ? PROBLEMS[field] : 'Check the values.');
    }
    void form.run(async () => {
      const updated = await chatApi()!.setSampling({
        conversationId: conversation.id,
        sampling: parsed.data,
      });
      useChat.setState((s) => ({
        conversations: s.conversations.map((c) => (c.id === updated.id ? updated : c)),
      }));
      onClose();
    });
  };

  return (
    <Dialog title="Sampling" onClose={onClose} busy={form.busy}>
      <form className="vault-form" onSubmit={submit} aria-label="Sampling of this conversation">
        <TextField
          label="Temperature"
          value={values.temperature}
          onChange={set('temperature')}
          placeholder={text(defaults?.chatTemperature)}
          hint="0 gives the same reply every time; higher is more varied."
          inputMode="decimal"
          autoFocus
        />
        <TextField
          label="Top-p"
          value={values.topP}
          onChange={set('topP')}
          placeholder={text(defaults?.chatTopP)}
          inputMode="decimal"
        />
        <TextField
          label="Max tokens"
          value={values.maxTokens}
          onChange={set('maxTokens')}
          placeholder={text(defaults?.chatMaxTokens)}
          inputMode="numeric"
        />
        <TextField
          label="Seed"
          value={values.seed}
          onChange={set('seed')}
          placeholder="new each reply"
          hint="The same seed gives the same reply; Regenerate always draws a new one."
          inputMode="numeric"
        />
        <FormFooter error={form.error} busy={form.busy} onCancel={onClose}>
          Save
        </FormFooter>
      </form>
    </Dialog>
  );
}
