import { type FormEvent, useEffect, useState } from 'react';
import { ASSET_KINDS, type AssetKind } from '../../../src-shared/domain/asset-metadata.js';
import type {
  PublishHost,
  PublishInput,
  PublishPlan,
  PublishResult,
} from '../../../src-shared/domain/market-publish.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { SubmitButton } from '../../components/FormFooter.js';
import { SelectField } from '../../components/SelectField.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { marketPublish } from '../../state/market-publish.js';
import { bpsPairs } from './bps-lines.js';
import { PublishDone, PublishReview } from './PublishReview.js';

interface PublishFormProps {
  /** The vault item to publish. */
  item: { id: string; name: string };
  /** Told once the asset and its offer are on chain. */
  onDone?(result: PublishResult): void;
  /** In a dialog: its Cancel button. */
  onCancel?(): void;
  /** Told when a request starts and ends, so a dialog does not close under a confirmation. */
  onBusy?(busy: boolean): void;
}

const KIND_OPTIONS = ASSET_KINDS.map((k) => ({ value: k, label: k }));
const WHOLE = /^[0-9]+$/;

/**
 * Publishing a vault item, in three steps: the terms (this form), the plan the owner returns (every
 * transaction with its fee, where the ciphertext will live: PublishReview) and the result. Only the
 * review's Publish button confirms; the form itself puts nothing on chain.
 */
export function PublishForm({ item, onDone, onCancel, onBusy }: PublishFormProps) {
  const [title, setTitle] = useState(item.name);
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<AssetKind>('dataset');
  const [price, setPrice] = useState('');
  const [token, setToken] = useState('');
  const [days, setDays] = useState('');
  const [seats, setSeats] = useState('');
  const [commercial, setCommercial] = useState(false);
  const [derivatives, setDerivatives] = useState(true);
  const [licenseText, setLicenseText] = useState('');
  const [contributors, setContributors] = useState('');
  const [parents, setParents] = useState('');
  const [peer, setPeer] = useState(true);
  const [url, setUrl] = useState('');
  const [ipfs, setIpfs] = useState(false);
  const [plan, setPlan] = useState<PublishPlan | null>(null);
  // A plan runs at most once, even when its confirmation fails (an upload not there yet, a revert):
  // the next try is a fresh plan, reviewed again.
  const [spent, setSpent] = useState(false);
  const [done, setDone] = useState<PublishResult | null>(null);
  const action = useFormAction();
  useEffect(() => onBusy?.(action.busy), [action.busy, onBusy]);

  const input = (): PublishInput | string => {
    if (days && !(Number(days) > 0)) return 'The licence length is a number of days, or empty for perpetual.';
    if (seats && !WHOLE.test(seats)) return 'Seats is a whole number, or empty for unlimited.';
    const people = bpsPairs(contributors);
    const from = bpsPairs(parents);
    if ([...people, ...from].some(([, bps]) => !Number.isInteger(bps))) {
      return 'Write contributors as address:bps and parents as asset id:bps, one per line (10,000 bps is the whole).';
    }
    const hosts: PublishHost[] = [
      ...(peer ? [{ kind: 'peer' as const }] : []),
      ...(url.trim() ? [{ kind: 'url' as const, url: url.trim() }] : []),
      ...(ipfs ? [{ kind: 'ipfs' as const }] : []),
    ];
    if (hosts.length === 0) return 'Choose where the ciphertext lives: this Sahel, a URL, IPFS, or several.';
    return {
      itemId: item.id,
      price: price.trim(),
      ...(token.trim() ? { token: token.trim() } : {}),
      ...(title.trim() ? { title: title.trim() } : {}),
      description,
      kind,
      licenseText,
      durationSeconds: days ? Math.round(Number(days) * 86_400) : 0,
      seats: seats ? Number(seats) : 0,
      commercialUse: commercial,
      derivativesAllowed: derivatives,
      parents: from.map(([assetId, bps]) => ({ assetId, bps })),
      hosts,
      ...(people.length ? { contributors: people.map(([address, bps]) => ({ address, bps })) } : {}),
    };
  };

  const review = (e: FormEvent) => {
    e.preventDefault();
    const request = input();
    if (typeof request === 'string') return action.fail(request);
    void action.run(async () => {
      setPlan(await marketPublish.plan(request));
      setSpent(false);
    });
  };

  const confirm = (p: PublishPlan) =>
    void action.run(async () => {
      setSpent(true);
      const result = await marketPublish.confirm(p);
      setDone(result);
      onDone?.(result);
    });

  if (done) return <PublishDone result={done} />;
  if (plan) {
    return (
      <PublishReview
        plan={plan}
        busy={action.busy}
        error={action.error}
        onBack={() => {
          action.clear();
          setPlan(null);
        }}
        spent={spent}
        onConfirm={() => confirm(plan)}
        onReplan={review}
      />
    );
  }
  const off = action.busy;
  return (
    <form className="form" onSubmit={review} data-testid="publish-form" aria-busy={off}>
      <TextField
        label="Title"
        value={title}
        onChange={action.edit(setTitle)}
        maxLength={200}
        disabled={off}
        autoFocus
      />
      <TextField
        label="Description"
        value={description}
        onChange={action.edit(setDescription)}
        multiline
        rows={3}
        maxLength={8000}
        disabled={off}
      />
      <SelectField<AssetKind>
        label="Kind"
        value={kind}
        options={KIND_OPTIONS}
        onChange={action.edit(setKind)}
        disabled={off}
      />
      <TextField
        label="Price"
        value={price}
        onChange={action.edit(setPrice)}
        inputMode="decimal"
        placeholder="25"
        mono
        disabled={off}
      />
      <TextField
        label="Token"
        value={token}
        onChange={action.edit(setToken)}
        hint="A symbol or an ERC-20 address; empty: the network's payment token."
        mono
        disabled={off}
      />
      <TextField
        label="Licence length in days"
        value={days}
        onChange={action.edit(setDays)}
        hint="Empty: perpetual."
        inputMode="decimal"
        disabled={off}
      />
      <TextField
        label="Seats"
        value={seats}
        onChange={action.edit(setSeats)}
        hint="How many licences may be sold; empty: unlimited."
        inputMode="numeric"
        disabled={off}
      />
      <Check
        label="Commercial use allowed"
        checked={commercial}
        onChange={action.edit(setCommercial)}
        disabled={off}
      />
      <Check
        label="Derivatives allowed"
        checked={derivatives}
        onChange={action.edit(setDerivatives)}
        disabled={off}
      />
      <TextField
        label="Licence text"
        value={licenseText}
        onChange={action.edit(setLicenseText)}
        multiline
        rows={2}
        maxLength={16000}
        disabled={off}
      />
      <TextField
        label="Contributors"
        value={contributors}
        onChange={action.edit(setContributors)}
        hint="address:bps, one per line, summing to 10,000; empty: you alone."
        multiline
        mono
        disabled={off}
      />
      <TextField
        label="Parents"
        value={parents}
        onChange={action.edit(setParents)}
        hint="asset id:royalty bps, one per line, for what this derives from."
        multiline
        mono
        disabled={off}
      />
      <Check
        label="Host the ciphertext from this Sahel"
        checked={peer}
        onChange={action.edit(setPeer)}
        disabled={off}
      />
      <TextField
        label="Also hosted at"
        value={url}
        onChange={action.edit(setUrl)}
        hint="Optional: the URL where you will upload the .age file; it is checked before anything goes on chain."
        mono
        disabled={off}
      />
      <Check
        label="Also on IPFS (you pin the CAR file Sahel writes; checked through the gateway in Settings)"
        checked={ipfs}
        onChange={action.edit(setIpfs)}
        disabled={off}
      />
      <FormError error={action.error} />
      <div className="dialog-actions">
        {onCancel && (
          <Button onClick={onCancel} disabled={off}>
            Cancel
          </Button>
        )}
        <SubmitButton busy={off}>Review…</SubmitButton>
      </div>
    </form>
  );
}

interface CheckProps {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  disabled: boolean;
}

function Check({ label, checked, onChange, disabled }: CheckProps) {
  return (
    <label className="checkbox-row">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        disabled={disabled}
      />
      {label}
    </label>
  );
}
