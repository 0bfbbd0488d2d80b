import { type FormEvent, useEffect, useState } from 'react';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { TextField } from '../../components/TextField.js';
import { useApp } from '../../state/app.js';
import { errorMessage } from '../../state/errors.js';
import { useSettings } from '../../state/settings.js';

/** Market settings: the IPFS gateway that ipfs:// metadata and content are read through. */
export function MarketSetting() {
  const saved = useSettings((s) => s.settings?.ipfsGateway);
  const open = useApp((s) => s.connection === 'open');
  const [gateway, setGateway] = useState(saved ?? '');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setGateway(saved ?? ''), [saved]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await useSettings.getState().update({ ipfsGateway: gateway.trim() });
    } catch (err) {
      setError(`Could not change the IPFS gateway: ${errorMessage(err)}`);
    }
  };
  return (
    <section className="settings-section" aria-labelledby="market-settings-title">
      <h2 id="market-settings-title" className="section-title">
        Market
      </h2>
      <form className="form" onSubmit={save}>
        <TextField
          label="IPFS gateway"
          value={gateway}
          onChange={setGateway}
          disabled={saved === undefined || !open}
          placeholder="https://ipfs.io"
          hint="Assets stored on IPFS are read through this http(s) address (as <gateway>/ipfs/<cid>); leave it empty to skip IPFS."
          mono
          action={
            <Button type="submit" disabled={!open || gateway.trim() === (saved ?? '')}>
              Save
            </Button>
          }
        />
      </form>
      <FormError error={error} />
    </section>
  );
}
