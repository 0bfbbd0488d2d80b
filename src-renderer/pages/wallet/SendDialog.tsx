import { type FormEvent, useId, useState } from 'react';
import type { TxReview } from '../../../src-shared/domain/tx.js';
import { Dialog } from '../../components/Dialog.js';
import { FormFooter } from '../../components/FormFooter.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useAccountBalances, useTx } from '../../state/tx.js';
import { accountLabel, useWallet } from '../../state/wallet.js';
import { SendProgress } from './SendProgress.js';
import { SendReview } from './SendReview.js';
import {
  addressProblem,
  formatUnits,
  NATIVE_DECIMALS,
  NATIVE_SYMBOL,
  parseUnits,
  shortAddress,
} from './units.js';

type Step = { kind: 'form' } | { kind: 'review'; review: TxReview } | { kind: 'sent'; hash: string };

interface Asset {
  /** null: the native coin. */
  token: string | null;
  symbol: string;
  decimals: number;
  balance: bigint | null;
}

/**
 * Send: a form, then the owner's simulation shown for review (what leaves, to whom, the most fee, on
 * which chain), and only then signing; after that the transaction is followed live until it is mined.
 */
export function SendDialog({ from, onClose }: { from: string; onClose(): void }) {
  const accounts = useWallet((s) => s.accounts) ?? [];
  const balances = useAccountBalances(from);
  const fromAccount = accounts.find((a) => a.address === from);
  const [step, setStep] = useState<Step>({ kind: 'form' });
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [token, setToken] = useState<string>('native');
  const [touched, setTouched] = useState(false);
  const form = useFormAction();
  const { busy, error } = form;
  const ids = { token: useId(), own: useId() };

  const assets: Asset[] = [
    {
      token: null,
      symbol: NATIVE_SYMBOL,
      decimals: NATIVE_DECIMALS,
      balance: balances ? BigInt(balances.native) : null,
    },
    ...(balances?.tokens ?? []).map((t) => ({
      token: t.token,
      symbol: t.symbol,
      decimals: t.decimals,
      balance: BigInt(t.balance),
    })),
  ];
  const asset = assets.find((a) => (a.token ?? 'native') === token) ?? assets[0]!;
  const others = accounts.filter((a) => a.address !== from);

  const toProblem =
    addressProblem(to) ??
    (to.trim().toLowerCase() === from.toLowerCase() ? 'This is the account you send from.' : null);
  const base = parseUnits(amount, asset.decimals);
  const amountProblem = !amount.trim()
    ? 'Enter an amount.'
    : base === null
      ? `Enter a number like 1.5, with at most ${asset.decimals} decimals.`
      : base === 0n
        ? 'Enter an amount above zero.'
        : asset.balance !== null && base > asset.balance
          ? `More than this account holds (${formatUnits(asset.balance, asset.decimals)} ${asset.symbol}).`
          : null;

  const prepare = async (e?: FormEvent) => {
    e?.preventDefault();
    setTouched(true);
    const tx = useTx.getState();
    if (toProblem || amountProblem) return;
    await form.run(async () => {
      const review = await tx.prepareSend({
        from,
        to: to.trim(),
        amount: amount.trim(),
        ...(asset.token ? { token: asset.token } : {}),
      });
      setStep({ kind: 'review', review });
    });
  };

  const confirm = async (review: TxReview) => {
    const tx = useTx.getState();
    await form.run(async () => {
      const { hash } = await tx.confirmSend({ reviewId: review.reviewId });
      setStep({ kind: 'sent', hash });
    });
  };

  const title = step.kind === 'form' ? 'Send' : step.kind === 'review' ? 'Review the send' : 'Sent';
  return (
    <Dialog title={title} onClose={onClose} busy={busy}>
      {step.kind === 'form' && (
        <form className="form wallet-send" onSubmit={prepare} noValidate>
          <p className="dialog-text">
            From <strong>{fromAccount ? accountLabel(fromAccount) : 'account'}</strong>{' '}
            <span className="mono">{shortAddress(from)}</span>
          </p>
          <TextField
            label="To"
            value={to}
            onChange={setTo}
            placeholder="0x…"
            autoComplete="off"
            spellCheck={false}
            autoFocus
            disabled={busy}
            mono
            problem={touched ? toProblem : null}
            below={
              others.length > 0 && (
                <select
                  id={ids.own}
                  className="select wallet-own-pick"
                  aria-label="Or pick one of your accounts"
                  value=""
                  onChange={(e) => e.target.value && setTo(e.target.value)}
                  disabled={busy}
                >
                  <option value="">Or one of your accounts…</option>
                  {others.map((a) => (
                    <option key={a.address} value={a.address}>
                      {accountLabel(a)} · {shortAddress(a.address)}
                    </option>
                  ))}
                </select>
              )
            }
          />
          <div className="wallet-amount-row">
            <div className="wallet-grow">
              <TextField
                label="Amount"
                value={amount}
                onChange={(v) => setAmount(v.replace(',', '.'))}
                inputMode="decimal"
                placeholder="0.0"
                autoComplete="off"
                disabled={busy}
                mono
                invalid={touched && amountProblem !== null}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.token} className="field-name">
                Asset
              </label>
              <select
                id={ids.token}
                className="select wallet-token-select"
                value={token}
                onChange={(e) => setToken(e.target.value)}
                disabled={busy}
              >
                {assets.map((a) => (
                  <option key={a.token ?? 'native'} value={a.token ?? 'native'}>
                    {a.symbol}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <p className="field-note">
            Available:{' '}
            {asset.balance === null ? '…' : `${formatUnits(asset.balance, asset.decimals)} ${asset.symbol}`}
            {asset.token === null && ' (the network fee is paid from this too)'}
          </p>
          {touched && amountProblem && (
            <p className="field-note" data-tone="danger">
              {amountProblem}
            </p>
          )}
          <FormFooter error={error} busy={busy} onCancel={onClose}>
            {busy ? 'Checking…' : 'Review'}
          </FormFooter>
        </form>
      )}
      {step.kind === 'review' && (
        <SendReview
          review={step.review}
          busy={busy}
          error={error}
          onBack={() => {
            form.clear();
            setStep({ kind: 'form' });
          }}
          onRefresh={() => void prepare()}
          onConfirm={() => void confirm(step.review)}
        />
      )}
      {step.kind === 'sent' && <SendProgress hash={step.hash} onClose={onClose} />}
    </Dialog>
  );
}
