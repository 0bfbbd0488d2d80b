import { useState } from 'react';
import type { Memory } from '../../../src-shared/domain/chat.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { TextField } from '../../components/TextField.js';
import { errorMessage } from '../../state/errors.js';
import { usePersonal } from './personal.js';

const MEMORY_SOURCE: Record<Memory['source'], string> = {
  user: 'added by you',
  chat: 'from a chat',
  agent: 'kept by the agent',
};

interface MemoryTextFormProps {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Called with the trimmed text; never with an empty one. */
  onSubmit(text: string): void;
  submitLabel: string;
  placeholder?: string;
  /** Editing an existing memory: focus it, and let Escape leave the edit. */
  onEscape?(): void;
}

/** One memory's text on a line with its button: adding a new one, or editing one in place. */
function MemoryTextForm({
  label,
  value,
  onChange,
  onSubmit,
  submitLabel,
  placeholder,
  onEscape,
}: MemoryTextFormProps) {
  return (
    <form
      className="chat-memory-add"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) onSubmit(value.trim());
      }}
    >
      <TextField
        variant="inline"
        hideLabel
        label={label}
        className="chat-memory-text"
        size="sm"
        placeholder={placeholder}
        value={value}
        maxLength={1000}
        focusOnMount={onEscape !== undefined}
        onChange={onChange}
        onKeyDown={(e) => {
          if (e.key !== 'Escape' || !onEscape) return;
          // Escape leaves the edit, not the panel.
          e.preventDefault();
          onEscape();
        }}
      />
      <Button type="submit" disabled={!value.trim()}>
        {submitLabel}
      </Button>
    </form>
  );
}

/** What the agent remembers about the user, each fact editable and forgettable. */
export function MemoryList({ memories }: { memories: Memory[] }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown) => setError(errorMessage(err));
  return (
    <section className="chat-memories" aria-labelledby="chat-memories-title">
      <h3 id="chat-memories-title" className="chat-panel-subtitle">
        Memories
      </h3>
      <MemoryTextForm
        label="New memory"
        placeholder="Something the agent should know about you"
        value={text}
        onChange={setText}
        submitLabel="Add"
        onSubmit={(t) =>
          void usePersonal
            .getState()
            .addMemory(t)
            .then(() => setText(''), fail)
        }
      />
      <FormError error={error} />
      {memories.length === 0 ? (
        <p className="muted">No memories yet.</p>
      ) : (
        <ul className="chat-memory-list">
          {memories.map((m) => (
            <MemoryRow key={m.id} memory={m} onError={fail} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MemoryRow({ memory, onError }: { memory: Memory; onError(err: unknown): void }) {
  const [editing, setEditing] = useState<string | null>(null);
  if (editing !== null) {
    return (
      <li className="chat-memory">
        <MemoryTextForm
          label="Memory"
          value={editing}
          onChange={setEditing}
          submitLabel="Save"
          onEscape={() => setEditing(null)}
          onSubmit={(t) =>
            void usePersonal
              .getState()
              .updateMemory(memory.id, t)
              .then(() => setEditing(null), onError)
          }
        />
      </li>
    );
  }
  return (
    <li className="chat-memory">
      <span className="chat-memory-text">{memory.text}</span>
      <span className="chat-memory-source">{MEMORY_SOURCE[memory.source]}</span>
      <Button variant="quiet" size="sm" onClick={() => setEditing(memory.text)}>
        Edit
      </Button>
      <Button
        variant="quiet"
        size="sm"
        aria-label={`Forget “${memory.text}”`}
        onClick={() => void usePersonal.getState().removeMemory(memory.id).catch(onError)}
      >
        Forget
      </Button>
    </li>
  );
}
