import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { GateCard } from '../../components/GateCard.js';
import { KeyIcon } from '../../components/icons.js';
import { TextField } from '../../components/TextField.js';
import { errorMessage } from '../../state/errors.js';
import { useWallet } from '../../state/wallet.js';

type Step = { kind: 'intro' } | { kind: 'words'; words: string[] } | { kind: 'quiz'; positions: number[] };

/**
 * The recovery phrase, shown once: a warning, the words (not selectable, no copy button: the clipboard
 * is readable by other programs), then three of them asked back. Only a right answer ends the backup;
 * "Later" leaves it pending and the wallet page keeps reminding.
 */
export function BackupFlow({ onLater }: { onLater(): void }) {
  const [step, setStep] = useState<Step>({ kind: 'intro' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const wallet = useWallet.getState();

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const showWords = () =>
    run(async () => {
      const { words } = await wallet.backupWords({});
      setStep({ kind: 'words', words });
    });
  const startQuiz = () =>
    run(async () => {
      const { positions } = await wallet.backupQuiz({});
      // Leaving the words step drops them from this page.
      setStep({ kind: 'quiz', positions });
    });

  return (
    <GateCard
      Icon={KeyIcon}
      titleId="wallet-backup-title"
      title={step.kind === 'quiz' ? 'Confirm your recovery phrase' : 'Back up your recovery phrase'}
      variant="wallet-backup"
    >
      {step.kind === 'intro' && (
        <>
          <ul className="facts">
            <li>
              <strong>These words are your wallet.</strong> Anyone who has them can take everything in it, on
              any device. Sahel will never ask you for them.
            </li>
            <li>
              Write them on paper, in order, and keep it somewhere safe and offline. Do not photograph them or
              paste them into a file or a chat.
            </li>
            <li>Make sure nobody can see your screen.</li>
          </ul>
          <Actions busy={busy} onLater={onLater}>
            <Button variant="primary" onClick={showWords} disabled={busy}>
              Show my recovery phrase
            </Button>
          </Actions>
        </>
      )}
      {step.kind === 'words' && (
        <>
          <p className="gate-text">
            Write down these {step.words.length} words in this order. Next, you will be asked for three of
            them.
          </p>
          <WordGrid words={step.words} />
          <Actions busy={busy} onLater={onLater}>
            <Button variant="primary" onClick={startQuiz} disabled={busy}>
              I have written them down
            </Button>
          </Actions>
        </>
      )}
      {step.kind === 'quiz' && (
        <Quiz
          positions={step.positions}
          busy={busy}
          onBack={showWords}
          onLater={onLater}
          onSubmit={(answers) =>
            run(async () => {
              try {
                useWallet.getState().received(await wallet.confirmBackup({ answers }));
              } catch (err) {
                // A wrong answer drops the quiz on the owner's side: the next try starts from the words.
                setStep({ kind: 'intro' });
                throw err;
              }
            })
          }
        />
      )}
      <FormError error={error} />
    </GateCard>
  );
}

function Actions({ busy, onLater, children }: { busy: boolean; onLater(): void; children: ReactNode }) {
  return (
    <div className="form-actions">
      {children}
      <Button onClick={onLater} disabled={busy}>
        Back up later
      </Button>
    </div>
  );
}

export function WordGrid({ words }: { words: string[] }) {
  return (
    <ol
      className="wallet-words"
      aria-label="Recovery phrase"
      data-testid="wallet-words"
      onCopy={(e) => e.preventDefault()}
      onCut={(e) => e.preventDefault()}
      onContextMenu={(e) => e.preventDefault()}
    >
      {words.map((w, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a phrase may repeat a word; the position is the identity.
        <li key={i} className="wallet-word">
          <span className="wallet-word-n" aria-hidden="true">
            {i + 1}
          </span>
          <span className="wallet-word-text">{w}</span>
        </li>
      ))}
    </ol>
  );
}

interface QuizProps {
  positions: number[];
  busy: boolean;
  onBack(): void;
  onLater(): void;
  onSubmit(answers: { position: number; word: string }[]): void;
}

function Quiz({ positions, busy, onBack, onLater, onSubmit }: QuizProps) {
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const [missing, setMissing] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  const missingId = useId();
  useEffect(() => firstRef.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (positions.some((p) => !answers[p]?.trim())) {
      setMissing(true);
      return;
    }
    onSubmit(
      positions.map((position) => ({ position, word: answers[position]?.trim().toLowerCase() ?? '' })),
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <p className="gate-text">Type the words at these positions, from what you wrote down.</p>
      <div className="wallet-quiz">
        {positions.map((p, i) => {
          const empty = missing && !answers[p]?.trim();
          return (
            <TextField
              key={p}
              label={`Word ${p}`}
              inputRef={i === 0 ? firstRef : undefined}
              value={answers[p] ?? ''}
              onChange={(v) => {
                setAnswers((a) => ({ ...a, [p]: v }));
                setMissing(false);
              }}
              autoComplete="off"
              spellCheck={false}
              autoCapitalize="off"
              disabled={busy}
              invalid={empty}
              describedBy={empty ? missingId : undefined}
            />
          );
        })}
      </div>
      {missing && (
        <p id={missingId} className="field-error" role="alert">
          Fill in all three words.
        </p>
      )}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={busy} aria-busy={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          Confirm backup
        </Button>
        <Button onClick={onBack} disabled={busy}>
          Show the words again
        </Button>
        <Button onClick={onLater} disabled={busy}>
          Back up later
        </Button>
      </div>
    </form>
  );
}
