// Runs in Chromium (bundled by text-field.test.ts): TextField in each of the shapes the pages use.
import { useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { TextField } from '../../../../src-renderer/components/TextField.js';

/** What the page tells the test: the values sent by Enter in the composer-like box. */
const sent: string[] = [];

function Fields() {
  const [name, setName] = useState('');
  const [query, setQuery] = useState('');
  const [count, setCount] = useState('3');
  const [text, setText] = useState('');
  const ref = useRef<HTMLTextAreaElement>(null);
  return (
    <>
      <p id="outside-hint">Told elsewhere on the page.</p>
      <TextField
        label="Name"
        value={name}
        onChange={setName}
        hint="What others see."
        describedBy="outside-hint"
        problem={name === 'bad' ? 'Not that name.' : null}
      />
      <TextField
        variant="inline"
        hideLabel
        label="Search things"
        type="search"
        value={query}
        onChange={setQuery}
      />
      <TextField
        variant="inline"
        label="Layers"
        type="number"
        min={0}
        max={99}
        chars={4}
        value={count}
        onChange={setCount}
      />
      <TextField
        multiline
        hideLabel
        size="lg"
        label="Message"
        rows={1}
        inputRef={ref}
        value={text}
        onChange={setText}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            sent.push(text);
            setText('');
          }
        }}
      />
      <button type="button" onClick={() => ref.current?.focus()}>
        Focus the message
      </button>
    </>
  );
}

Object.assign(window, {
  harness: {
    mount: () => createRoot(document.getElementById('root')!).render(<Fields />),
    sent: () => sent,
  },
});
