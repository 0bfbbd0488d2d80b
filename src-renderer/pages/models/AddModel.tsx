import { type FormEvent, useState } from 'react';
import { Button } from '../../components/Button.js';
import { useModels } from '../../state/models.js';

/** Import a GGUF file from this machine, or download one by hf: URI or URL. */
export function AddModel() {
  const { importPath, pull, busy } = useModels();
  const [path, setPath] = useState('');
  const [uri, setUri] = useState('');

  const onImport = async (e: FormEvent) => {
    e.preventDefault();
    if (path.trim() && (await importPath(path.trim()))) setPath('');
  };
  const onPull = async (e: FormEvent) => {
    e.preventDefault();
    if (uri.trim() && (await pull({ uri: uri.trim() }))) setUri('');
  };

  return (
    <section className="models-section" aria-labelledby="models-add-title">
      <h2 id="models-add-title" className="models-section-title">
        Add a model
      </h2>
      <form className="models-add" onSubmit={(e) => void onImport(e)}>
        <label htmlFor="models-import-path">GGUF file on this machine</label>
        <div className="models-add-row">
          <input
            id="models-import-path"
            className="models-input"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/you/models/model.Q4_K_M.gguf"
            spellCheck={false}
          />
          <Button type="submit" disabled={busy.import === true || !path.trim()}>
            {busy.import ? 'Importing…' : 'Import'}
          </Button>
        </div>
        <span className="field-hint">The file stays where it is; Sahel only reads it.</span>
      </form>
      <form className="models-add" onSubmit={(e) => void onPull(e)}>
        <label htmlFor="models-pull-uri">Download from Hugging Face or a URL</label>
        <div className="models-add-row">
          <input
            id="models-pull-uri"
            className="models-input"
            value={uri}
            onChange={(e) => setUri(e.target.value)}
            placeholder="hf:owner/repo/file.gguf or https://…/file.gguf"
            spellCheck={false}
          />
          <Button type="submit" disabled={busy.pull === true || !uri.trim()}>
            Download
          </Button>
        </div>
      </form>
    </section>
  );
}
