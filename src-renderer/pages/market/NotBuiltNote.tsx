import type { ReactNode } from 'react';

/** Beside a disabled button (or a flow that does not exist yet): why, visibly and to screen readers. */
export function NotBuiltNote({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span id={id} className="market-not-built">
      {children}
    </span>
  );
}
