// Runs in Chromium (bundled by form-components.test.ts): the shared form pieces of
// src-renderer/components in small forms whose requests the test settles by hand.
import { type FormEvent, useRef, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { ConfirmDialog } from '../../../../src-renderer/components/ConfirmDialog.js';
import { Dialog } from '../../../../src-renderer/components/Dialog.js';
import { FormFooter } from '../../../../src-renderer/components/FormFooter.js';
import {
  NewPassphraseFields,
  PassphraseInput,
  useNewPassphrase,
} from '../../../../src-renderer/components/PassphraseFields.js';
import { TextField } from '../../../../src-renderer/components/TextField.js';
import { useFormAction } from '../../../../src-renderer/components/use-form-action.js';
import { SahelError } from '../../../../src-shared/errors.js';

/** What the page tells the test: how often the request was sent, and what closed. */
export interface Log {
  sent: number;
  closed: number;
  last: string | null;
}

const log: Log = { sent: 0, closed: 0, last: null };
let settle: { resolve(): void; reject(message: string): void } | null = null;

/** A request that waits for the test to answer it. */
function pending(): Promise<void> {
  log.sent += 1;
  return new Promise((resolve, reject) => {
    settle = { resolve, reject: (message) => reject(new SahelError('BAD_INPUT', message)) };
  });
}

function SecretForm() {
  const form = useFormAction();
  const [name, setName] = useState('');
  const [secret, setSecret] = useState('');
  const secretRef = useRef<HTMLInputElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!secret) return form.fail('Enter the secret.', secretRef);
    void form.run(
      async () => {
        await pending();
        log.last = `${name}:${secret}`;
      },
      () => secretRef.current?.focus(),
    );
  };
  return (
    <Dialog title="Add secret" onClose={() => (log.closed += 1)} busy={form.busy}>
      <form className="form" onSubmit={submit} noValidate>
        <TextField label="Name" value={name} onChange={form.edit(setName)} disabled={form.busy} autoFocus />
        <PassphraseInput
          label="Secret"
          value={secret}
          onChange={form.edit(setSecret)}
          autoComplete="new-password"
          inputRef={secretRef}
          disabled={form.busy}
        />
        <FormFooter error={form.error} busy={form.busy} onCancel={() => (log.closed += 1)}>
          Save
        </FormFooter>
      </form>
    </Dialog>
  );
}

function NewPassphraseForm() {
  const form = useFormAction();
  const passphrase = useNewPassphrase(
    { empty: 'Choose one.', weak: 'Too easy.', mismatch: 'They differ.' },
    form.clear,
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problem = passphrase.problem();
    if (problem) return form.fail(problem);
    void form.run(async () => {
      await pending();
      log.last = passphrase.value;
    });
  };
  return (
    <Dialog title="New passphrase" onClose={() => (log.closed += 1)} busy={form.busy}>
      <form className="form" onSubmit={submit} noValidate>
        <NewPassphraseFields
          label="Passphrase"
          confirmLabel="Confirm"
          mismatchText="Does not match."
          passphrase={passphrase}
          disabled={form.busy}
        />
        <FormFooter error={form.error} busy={form.busy} onCancel={() => (log.closed += 1)}>
          Create
        </FormFooter>
      </form>
    </Dialog>
  );
}

function Confirm() {
  const [open, setOpen] = useState(true);
  if (!open) return <p>closed</p>;
  return (
    <ConfirmDialog
      title="Delete “x”?"
      confirmLabel="Delete"
      onClose={() => {
        log.closed += 1;
        setOpen(false);
      }}
      onConfirm={async () => {
        await pending();
        setOpen(false);
      }}
    >
      It cannot be undone.
    </ConfirmDialog>
  );
}

const FORMS = { secret: SecretForm, passphrase: NewPassphraseForm, confirm: Confirm };

let root: Root | null = null;
const api = {
  mount(name: keyof typeof FORMS) {
    root?.unmount();
    Object.assign(log, { sent: 0, closed: 0, last: null });
    const Form = FORMS[name];
    const opener = document.createElement('button');
    opener.textContent = 'opener';
    document.body.prepend(opener);
    opener.focus();
    root = createRoot(document.getElementById('root')!);
    root.render(<Form />);
  },
  resolve: () => settle?.resolve(),
  reject: (message: string) => settle?.reject(message),
  log: () => ({ ...log }),
};
(window as unknown as { harness: typeof api }).harness = api;
