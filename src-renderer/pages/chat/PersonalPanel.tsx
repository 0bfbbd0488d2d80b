import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { Memory, Persona } from '../../../src-shared/domain/chat.js';
import { client } from '../../bridge.js';
import { errorMessage } from '../../state/errors.js';
import { useSettings } from '../../state/settings.js';
import { usePersonal } from './personal.js';

/** The side panel: who the agent is, and what it remembers about the user. */
export function PersonalPanel({ onClose }: { onClose(): void }) {
  const { persona, memories, error, missing, load } = usePersonal();
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
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
      {missing ? (
        <p className="muted">Persona and memories are not available in this version of Sahel yet.</p>
      ) : error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {persona && <PersonaForm persona={persona} />}
      <ConsentSetting />
      {memories && <Memories memories={memories} />}
    </aside>
  );
}

function PersonaForm({ persona }: { persona: Persona }) {
  const [draft, setDraft] = useState(persona);
  const [state, setState] = useState<{ busy: boolean; note: string | null; error: string | null }>({
    busy: false,
    note: null,
    error: null,
  });
  const ids = { name: useId(), tone: useId(), instructions: useId() };
  // A persona saved elsewhere (another window) replaces the form's contents.
  useEffect(() => setDraft(persona), [persona]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(persona);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft.name.trim()) return setState({ busy: false, note: null, error: 'The persona needs a name.' });
    setState({ busy: true, note: null, error: null });
    try {
      await usePersonal.getState().savePersona(draft);
      setState({ busy: false, note: 'Saved.', error: null });
    } catch (err) {
      setState({ busy: false, note: null, error: errorMessage(err) });
    }
  };

  const field = (key: keyof Persona, v: string) => setDraft({ ...draft, [key]: v });
  return (
    <form className="vault-form chat-persona" onSubmit={submit} aria-label="Persona">
      <label className="vault-label" htmlFor={ids.name}>
        Name
      </label>
      <input
        id={ids.name}
        className="vault-input"
        value={draft.name}
        maxLength={80}
        onChange={(e) => field('name', e.target.value)}
      />
      <label className="vault-label" htmlFor={ids.tone}>
        Tone
      </label>
      <input
        id={ids.tone}
        className="vault-input"
        value={draft.tone}
        maxLength={200}
        placeholder="e.g. warm and brief"
        onChange={(e) => field('tone', e.target.value)}
      />
      <label className="vault-label" htmlFor={ids.instructions}>
        Instructions
      </label>
      <textarea
        id={ids.instructions}
        className="vault-input vault-textarea"
        value={draft.instructions}
        maxLength={8000}
        placeholder="What the agent should always keep in mind"
        onChange={(e) => field('instructions', e.target.value)}
      />
      {state.error && (
        <p className="field-error" role="alert">
          {state.error}
        </p>
      )}
      <div className="vault-form-actions">
        <button type="submit" className="button vault-primary" disabled={!dirty || state.busy}>
          Save persona
        </button>
        {state.note && !dirty && (
          <span className="muted" role="status">
            {state.note}
          </span>
        )}
      </div>
    </form>
  );
}

function ConsentSetting() {
  const consent = useSettings((s) => s.settings?.chatMemoryConsent);
  const [error, setError] = useState<string | null>(null);
  const hint = useId();
  // The box shows the choice at once, before the owner confirms it.
  const [pending, setPending] = useState<boolean | null>(null);
  const change = async (value: boolean) => {
    setError(null);
    setPending(value);
    try {
      useSettings.getState().received(await client.settings.update({ chatMemoryConsent: value }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(null);
    }
  };
  return (
    <div className="chat-consent">
      <label className="checkbox-row">
        <input
          type="checkbox"
          checked={pending ?? consent ?? false}
          disabled={consent === undefined}
          aria-describedby={hint}
          onChange={(e) => void change(e.target.checked)}
        />
        Remember facts from my chats
      </label>
      <p id={hint} className="field-hint">
        When on, the agent may keep facts you mention (kept encrypted in your vault). Off: it remembers only
        what you add here.
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Memories({ memories }: { memories: Memory[] }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const run = (p: Promise<void>, then?: () => void) =>
    p.then(then, (err: unknown) => setError(errorMessage(err)));
  return (
    <section className="chat-memories" aria-labelledby="chat-memories-title">
      <h3 id="chat-memories-title" className="chat-panel-subtitle">
        Memories
      </h3>
      <form
        className="chat-memory-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void run(usePersonal.getState().addMemory(text.trim()), () => setText(''));
        }}
      >
        <input
          className="vault-input"
          aria-label="New memory"
          placeholder="Something the agent should know about you"
          value={text}
          maxLength={1000}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button" disabled={!text.trim()}>
          Add
        </button>
      </form>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {memories.length === 0 ? (
        <p className="muted">No memories yet.</p>
      ) : (
        <ul className="chat-memory-list">
          {memories.map((m) => (
            <MemoryRow key={m.id} memory={m} onError={setError} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MemoryRow({ memory, onError }: { memory: Memory; onError(message: string): void }) {
  const [editing, setEditing] = useState<string | null>(null);
  const fail = (err: unknown) => onError(errorMessage(err));
  if (editing !== null) {
    return (
      <li className="chat-memory">
        <form
          className="chat-memory-add"
          onSubmit={(e) => {
            e.preventDefault();
            if (!editing.trim()) return;
            usePersonal
              .getState()
              .updateMemory(memory.id, editing.trim())
              .then(() => setEditing(null), fail);
          }}
        >
          <input
            className="vault-input"
            aria-label="Memory"
            value={editing}
            maxLength={1000}
            // biome-ignore lint/a11y/noAutofocus: the user asked to edit this memory
            autoFocus
            onChange={(e) => setEditing(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== 'Escape') return;
              // Escape leaves the edit, not the panel.
              e.preventDefault();
              setEditing(null);
            }}
          />
          <button type="submit" className="button">
            Save
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className="chat-memory">
      <span className="chat-memory-text">{memory.text}</span>
      <span className="chat-memory-source">{memory.source === 'chat' ? 'from a chat' : 'added by you'}</span>
      <button type="button" className="chat-action" onClick={() => setEditing(memory.text)}>
        Edit
      </button>
      <button
        type="button"
        className="chat-action"
        aria-label={`Forget “${memory.text}”`}
        onClick={() => void usePersonal.getState().removeMemory(memory.id).catch(fail)}
      >
        Forget
      </button>
    </li>
  );
}
