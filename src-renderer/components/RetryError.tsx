import type { ReactNode } from 'react';
import { Button } from './Button.js';

interface RetryErrorProps {
  /** What could not be done, and the owner's reason. */
  children: ReactNode;
  /** Asks again; without it there is nothing the user can retry from here. */
  onRetry?: () => unknown;
}

/** A load that failed, said where its content would be, with the way to ask again. */
export function RetryError({ children, onRetry }: RetryErrorProps) {
  return (
    <div className="inline-error" role="alert">
      <span>{children}</span>
      {onRetry && <Button onClick={() => void onRetry()}>Try again</Button>}
    </div>
  );
}
