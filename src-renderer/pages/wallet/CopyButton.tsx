import { useEffect, useState } from 'react';
import { Button } from '../../components/Button.js';
import { CopyIcon } from '../../components/icons.js';

/** Copies public text (an address, a hash) and says so for a moment, to sighted and screen-reader users. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), 1600);
    return () => window.clearTimeout(timer);
  }, [state]);
  return (
    <Button
      variant="quiet"
      size="sm"
      className="wallet-copy"
      aria-label={label}
      title={state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : label}
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => setState('copied'),
          () => setState('failed'),
        );
      }}
    >
      <CopyIcon size={14} />
      <span className="wallet-copy-state" role="status">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : ''}
      </span>
    </Button>
  );
}
