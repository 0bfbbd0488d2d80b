import type { ReactNode } from 'react';
import type { IconComponent } from './icons.js';

interface GateCardProps {
  Icon: IconComponent;
  /** The card's heading; `titleId` names the section by it. */
  title: ReactNode;
  titleId: string;
  /** The card's kind: 'gate' (centred, narrow) unless the step needs more room. */
  variant?: string;
  children: ReactNode;
}

/** A card that stands in for a page until a step is done (create or unlock the vault, set up the wallet). */
export function GateCard({ Icon, title, titleId, variant = 'gate', children }: GateCardProps) {
  return (
    <section className={`card ${variant}`} aria-labelledby={titleId}>
      <div className="gate-icon">
        <Icon size={20} />
      </div>
      <h2 id={titleId} className="gate-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
