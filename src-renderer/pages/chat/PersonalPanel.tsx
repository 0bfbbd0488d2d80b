import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { Persona } from '../../../src-shared/domain/chat.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { SubmitButton } from '../../components/FormFooter.js';
import { MemoryConsentBox } from '../../components/MemoryConsentBox.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { MemoryList } from './MemoryList.js';
import { usePersonal } from './personal.js';

/** The side panel: who the agent is, and what it remembers about the user. */
export function PersonalPanel({ onClose }: { onClose(): void }) {
  const { persona, memories, error, load } = usePersonal();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    void load();
    ref.current?.focus();
  }, [load]);

  return (
    <aside
      ref={ref}
      className="chat-panel"
      aria-labelledby="chat-panel-title"
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !e.defaultPrevented) onClose();
      }}
    >
      <div className="chat-panel-head">
        <h2 id="chat-panel-title" className="chat-panel-title">
          Persona and memory
        </h2>
        <Button onClick={onClose}>Close</Button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {persona && <PersonaForm persona={persona} />}
      <div className="chat-consent">
        <MemoryConsentBox hint="When on, the agent may keep facts you mention (kept encrypted in your vault). Off: it remembers only what you add here." />
      </div>
      {memories && <MemoryList memories={memories} />}
    </aside>
  );
}

function PersonaForm({ persona }: { persona: Persona }) {
  const [draft, setDraft] = useState(persona);
  const form = useFormAction();
  const [saved, setSaved] = useState(false);
  // A persona saved elsewhere (another window) replaces the form's contents.
  useEffect(() => setDraft(persona), [persona]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(persona);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    if (!draft.name.trim()) return form.fail('The persona needs a name.');
    void form.run(async () => {
      await usePersonal.getState().savePersona(draft);
      setSaved(true);
    });
  };

  const field = (key: keyof Persona, v: string) => setDraft({ ...draft, [key]: v });
  return (
    <form className="form chat-persona" onSubmit={submit} aria-label="Persona">
      <TextField label="Name" value={draft.name} maxLength={80} onChange={(v) => field('name', v)} />
      <TextField
        label="Tone"
        value={draft.tone}
        maxLength={200}
        placeholder="e.g. warm and brief"
        onChange={(v) => field('tone', v)}
      />
      <TextField
        multiline
        label="Instructions"
        value={draft.instructions}
        maxLength={8000}
        placeholder="What the agent should always keep in mind"
        onChange={(v) => field('instructions', v)}
      />
      <FormError error={form.error} />
      <div className="form-actions">
        <SubmitButton busy={form.busy} disabled={!dirty}>
          Save persona
        </SubmitButton>
        {saved && !dirty && (
          <span className="muted" role="status">
            Saved.
          </span>
        )}
      </div>
    </form>
  );
}
