import { type FormEvent, useId, useState } from 'react';
import type { TxReview } from '../../../src-shared/domain/tx.js';
import { Button } from '../../components/Button.js';
import { Dialog } from '../../components/Dialog.js';
import { FormFooter } from '../../components/FormFooter.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { useAccountBalances, useTx } from '../../state/tx.js';
import { accountLabel, useWallet } from '../../state/wallet.js';
import { SendProgress } from './SendProgress.js';
import { SendReview } from './SendReview.js';
import {
  ADDRESS_PATTERN,
  addressProblem,
  formatUnits,
  NATIVE_DECIMALS,
  NATIVE_SYMBOL,
  parseAmount,
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
  const [burnConfirmed, setBurnConfirmed] = useState(false);
  const form = useFormAction();
  const { busy, error } = form;
  const ids = { token: useId(), own: useId(), burn: useId() };

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

  // The zero address is a valid recipient, but whatever goes there is lost: it takes its own tick.
  const toZero = /^0x0{40}$/i.test(to.trim());
  const toProblem = toZero
    ? burnConfirmed
      ? null
      : 'This is the zero address: whatever is sent there is lost. Tick the box below if that is what you mean.'
    : (addressProblem(to) ??
      (to.trim().toLowerCase() === from.toLowerCase() ? 'This is the account you send from.' : null));
  const parsed = parseAmount(amount, asset.decimals);
  const amountProblem = !parsed.ok
    ? parsed.problem
    : parsed.value === 0n
      ? 'Enter an amount above zero.'
      : asset.balance !== null && parsed.value > asset.balance
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
        amount: parsed.ok ? parsed.plain : amount.trim(),
        ...(asset.token ? { token: asset.token } : {}),
        ...(toZero ? { toZeroAddress: true as const } : {}),
      });
      setStep({ kind: 'review', review });
    });
  };

  // Max: a token's whole balance; the native coin's balance less the most fee (figured by the owner).
  const fillMax = async () => {
    const tx = useTx.getState();
    await form.run(async () => {
      const max = await tx.maxSend({
        from,
        ...(asset.token ? { token: asset.token } : {}),
        ...(ADDRESS_PATTERN.test(to.trim()) ? { to: to.trim() } : {}),
      });
      setAmount(formatUnits(max.amount, max.decimals));
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
          {toZero && (
            <label className="checkbox-row" htmlFor={ids.burn}>
              <input
                id={ids.burn}
                type="checkbox"
                checked={burnConfirmed}
                onChange={(e) => setBurnConfirmed(e.target.checked)}
                disabled={busy}
              />
              Yes, send to the zero address: it is lost for good
            </label>
          )}
          <div className="wallet-amount-row">
            <div className="wallet-grow">
              <TextField
                label="Amount"
                value={amount}
                onChange={setAmount}
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
            <Button
              variant="quiet"
              size="sm"
              onClick={() => void fillMax()}
              disabled={busy || asset.balance === null}
            >
              Max
            </Button>{' '}
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
