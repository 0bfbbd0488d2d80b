import { type FormEvent, useRef, useState } from 'react';
import { Button } from '../../components/Button.js';
import { TextField } from '../../components/TextField.js';
import { useModels } from '../../state/models.js';
import { inDesktopApp, pathOfChosenFile } from '../../state/platform.js';

interface PathImportFormProps {
  label: string;
  placeholder: string;
  submit: string;
  purpose?: 'embedding';
}

/**
 * Adds a GGUF file from the machine running Sahel, read where it is. What the owner refuses (not a
 * GGUF, a file already imported) shows under the field. The desktop app can also choose the file
 * in a dialog (its file input gives a real path); a browser cannot, since the page may run on
 * another machine and Sahel has no model upload, so there the field says whose path it wants.
 */
export function PathImportForm({ label, placeholder, submit, purpose }: PathImportFormProps) {
  const importPath = useModels((s) => s.importPath);
  const busy = useModels((s) => s.busy[purpose === 'embedding' ? 'importEmbedding' : 'import'] === true);
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const p = path.trim();
    if (!p) return;
    const refused = await importPath(p, purpose);
    setProblem(refused);
    if (refused === null) setPath('');
  };
  const onChosen = (file: File | undefined) => {
    const chosen = file ? pathOfChosenFile(file) : null;
    if (chosen) {
      setPath(chosen);
      setProblem(null);
    }
  };

  return (
    <form className="models-add" onSubmit={(e) => void onSubmit(e)}>
      <TextField
        label={label}
        value={path}
        onChange={(v) => {
          setPath(v);
          setProblem(null);
        }}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        problem={problem}
        hint={
          inDesktopApp
            ? 'The file stays where it is; Sahel only reads it.'
            : 'A path on the machine running Sahel, which may not be this one: this browser cannot choose files there. The file stays where it is; Sahel only reads it.'
        }
        action={
          <>
            {inDesktopApp && (
              <>
                <input
                  ref={picker}
                  type="file"
                  accept=".gguf"
                  hidden
                  onChange={(e) => onChosen(e.target.files?.[0])}
                />
                <Button onClick={() => picker.current?.click()}>Choose…</Button>
              </>
            )}
            <Button type="submit" disabled={busy || !path.trim()}>
              {busy ? 'Importing…' : submit}
            </Button>
          </>
        }
      />
    </form>
  );
}
