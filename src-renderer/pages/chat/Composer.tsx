import { type FormEvent, type Ref, useState } from 'react';
import { Button } from '../../components/Button.js';
import { TextField } from '../../components/TextField.js';

interface ComposerProps {
  busy: boolean;
  /** Why nothing can be sent now (no model), or null. */
  blocked: string | null;
  onSend(text: string): void;
  onStop(): void;
  inputRef?: Ref<HTMLTextAreaElement>;
}

/** Where the user writes. Enter sends, Shift+Enter starts a new line; while a reply is written, Stop. */
export function Composer({ busy, blocked, onSend, onStop, inputRef }: ComposerProps) {
  const [text, setText] = useState('');
  const canSend = !busy && !blocked && text.trim().length > 0;

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    onSend(text.trim());
    setText('');
  };

  return (
    <form className="chat-composer" onSubmit={submit}>
      <TextField
        multiline
        hideLabel
        label="Message"
        className="chat-input"
        size="lg"
        inputRef={inputRef}
        placeholder={blocked ?? 'Message… (Enter sends, Shift+Enter adds a line)'}
        value={text}
        rows={Math.min(8, Math.max(1, text.split('\n').length))}
        maxLength={32 * 1024}
        onChange={setText}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) submit(e);
          if (e.key === 'Escape' && busy) onStop();
        }}
      />
      {busy ? (
        <Button variant="destructive" size="lg" onClick={onStop}>
          Stop
        </Button>
      ) : (
        <Button type="submit" variant="primary" size="lg" disabled={!canSend}>
          Send
        </Button>
      )}
    </form>
  );
}
