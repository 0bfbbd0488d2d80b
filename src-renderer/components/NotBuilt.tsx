import type { ReactNode } from 'react';
import type { IconComponent } from './icons.js';

/** Says plainly that a page's feature does not exist yet, and what it will do. No sample data, no dead controls. */
export function NotBuilt({ Icon, children }: { Icon: IconComponent; children: ReactNode }) {
  return (
    <section className="not-built" aria-labelledby="not-built-title">
      <div className="not-built-icon">
        <Icon size={20} />
      </div>
      <div>
        <h2 id="not-built-title" className="not-built-title">
          Not built yet
        </h2>
        <p className="not-built-text">{children}</p>
      </div>
    </section>
  );
}
