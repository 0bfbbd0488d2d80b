import type { ReactNode } from 'react';
import type { PageId } from '../pages/registry.js';

interface PageProps {
  name: PageId;
  title: string;
  /** One line under the heading: what the page is for. */
  subtitle: string;
  children: ReactNode;
}

/** The frame every page shares: a header with the page's one <h1>, then its content. */
export function Page({ name, title, subtitle, children }: PageProps) {
  return (
    <div className="page" data-page={name}>
      <header className="page-header">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        <p className="page-subtitle">{subtitle}</p>
      </header>
      <div className="page-body">{children}</div>
    </div>
  );
}
