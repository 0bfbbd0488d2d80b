import { type FormEvent, useState } from 'react';
import { Button } from '../../components/Button.js';
import { TextField } from '../../components/TextField.js';
import { useModels } from '../../state/models.js';
import { PathImportForm } from './PathImportForm.js';

/** Import a GGUF file from the machine running Sahel, or download one by hf: URI or URL. */
export function AddModel() {
  const pull = useModels((s) => s.pull);
  const pulling = useModels((s) => s.busy.pull === true);
  const [uri, setUri] = useState('');

  const onPull = async (e: FormEvent) => {
    e.preventDefault();
    if (uri.trim() && (await pull({ uri: uri.trim() }))) setUri('');
  };

  return (
    <section className="models-section" aria-labelledby="models-add-title">
      <h2 id="models-add-title" className="models-section-title">
        Add a model
      </h2>
      <PathImportForm
        label="GGUF file path"
        placeholder="/home/you/models/model.Q4_K_M.gguf"
        submit="Import"
      />
      <form className="models-add" onSubmit={(e) => void onPull(e)}>
        <TextField
          label="Download from Hugging Face or a URL"
          value={uri}
          onChange={setUri}
          placeholder="hf:owner/repo/file.gguf or https://…/file.gguf"
          spellCheck={false}
          autoComplete="off"
          action={
            <Button type="submit" disabled={pulling || !uri.trim()}>
              Download
            </Button>
          }
        />
      </form>
    </section>
  );
}
