import type { ReactNode } from 'react';

/** Beside a disabled button whose flow does not exist yet: says so, visibly and to screen readers. */
export function NotBuiltNote({ id, children }: { id: string; children: ReactNode }) {
  return (
    <span id={id} className="market-not-built">
      {children}
    </span>
  );
}
