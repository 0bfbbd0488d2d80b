import { type FormEvent, type ReactNode, useState } from 'react';
import type { BuyPlan, BuyResult } from '../../../src-shared/domain/market-buy.js';
import { Button } from '../../components/Button.js';
import { Dialog, DialogDone } from '../../components/Dialog.js';
import { FormError } from '../../components/FormError.js';
import { SubmitButton } from '../../components/FormFooter.js';
import { SelectField } from '../../components/SelectField.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { marketBuy } from '../../state/market-buy.js';
import { accountLabel, useSelectedAccount, useWallet } from '../../state/wallet.js';
import { BuyDone, BuyReview } from './BuyReview.js';
import { buyErrorText } from './buy-text.js';

interface BuyDialogProps {
  offerId: string;
  title: string;
  onClose(): void;
}

/**
 * Buying one offer, in three steps: the account and an optional highest price (this form), the plan
 * the owner returns (BuyReview) and the licence id. Only the review's Buy button confirms.
 */
export function BuyDialog({ offerId, title, onClose }: BuyDialogProps) {
  const selected = useSelectedAccount();
  const accounts = useWallet((s) => s.accounts) ?? [];
  const [from, setFrom] = useState(selected?.address ?? '');
  const [maxPrice, setMaxPrice] = useState('');
  const [plan, setPlan] = useState<BuyPlan | null>(null);
  // A plan runs at most once, even when its confirmation fails: the next try is a fresh plan.
  const [spent, setSpent] = useState(false);
  const [done, setDone] = useState<BuyResult | null>(null);
  const action = useFormAction(buyErrorText);

  const review = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      setPlan(
        await marketBuy.plan({
          offerId,
          ...(from ? { from } : {}),
          ...(maxPrice.trim() ? { maxPrice: maxPrice.trim() } : {}),
        }),
      );
      setSpent(false);
    });
  };
  const confirm = (p: BuyPlan) =>
    void action.run(async () => {
      setSpent(true);
      setDone(await marketBuy.confirm(p));
    });

  let body: ReactNode;
  if (done) {
    body = (
      <DialogDone closeLabel="Close" onClose={onClose}>
        <BuyDone result={done} />
      </DialogDone>
    );
  } else if (plan) {
    body = (
      <BuyReview
        plan={plan}
        busy={action.busy}
        error={action.error}
        spent={spent}
        onBack={() => {
          action.clear();
          setPlan(null);
        }}
        onConfirm={() => confirm(plan)}
        onReplan={review}
      />
    );
  } else {
    const off = action.busy;
    body = (
      <form className="form" onSubmit={review} data-testid="buy-form" aria-busy={off}>
        <div className="market-filter">
          <SelectField<string>
            label="Pay from"
            value={from}
            options={accounts.map((a) => ({ value: a.address, label: `${accountLabel(a)} (${a.address})` }))}
            onChange={action.edit((v: string) => setFrom(v))}
            disabled={off}
          />
        </div>
        <TextField
          label="Highest price"
          value={maxPrice}
          onChange={action.edit(setMaxPrice)}
          placeholder="The offer's price"
          hint="In whole tokens. Leave empty to accept the price shown; a higher price is refused."
          inputMode="decimal"
          maxLength={100}
          mono
          disabled={off}
          autoFocus
        />
        <FormError error={action.error} />
        <div className="dialog-actions">
          <Button onClick={onClose} disabled={off}>
            Cancel
          </Button>
          <SubmitButton busy={off}>Review…</SubmitButton>
        </div>
      </form>
    );
  }
  return (
    <Dialog title={`Buy “${title}”`} onClose={onClose} busy={action.busy}>
      {body}
    </Dialog>
  );
}
