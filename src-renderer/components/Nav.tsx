import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { PAGES } from '../pages/registry.js';
import { shortcutLabel } from '../platform.js';
import { useNavigation } from '../state/navigation.js';
import { LogoMark } from './icons.js';

/**
 * The left navigation. One tab stop (roving tabindex): Up/Down/Home/End move focus between items,
 * Enter/Space open the focused page. Ctrl/Cmd+1…8 work anywhere (see useShortcuts).
 */
export function Nav() {
  const page = useNavigation((s) => s.page);
  const go = useNavigation((s) => s.go);
  const currentIndex = PAGES.findIndex((p) => p.id === page);
  const [focusIndex, setFocusIndex] = useState(currentIndex);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  // The tab stop follows the current page when it changes some other way (shortcut, hash).
  useEffect(() => setFocusIndex(currentIndex), [currentIndex]);

  const moveFocus = (index: number) => {
    const next = (index + PAGES.length) % PAGES.length;
    setFocusIndex(next);
    buttons.current[next]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const target = targetIndex(e.key, focusIndex);
    if (target === undefined) return;
    e.preventDefault();
    moveFocus(target);
  };

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        <LogoMark />
        <span className="brand-name">Sahel</span>
      </div>
      <ul className="nav-list">
        {PAGES.map(({ id, label, Icon }, i) => (
          <li key={id} className={id === 'settings' ? 'nav-item nav-item-last' : 'nav-item'}>
            <button
              ref={(el) => {
                buttons.current[i] = el;
              }}
              type="button"
              className="nav-button"
              aria-current={id === page ? 'page' : undefined}
              aria-keyshortcuts={`Control+${i + 1} Meta+${i + 1}`}
              tabIndex={i === focusIndex ? 0 : -1}
              onClick={() => go(id)}
              onFocus={() => setFocusIndex(i)}
              onKeyDown={onKeyDown}
            >
              <Icon />
              <span className="nav-label">{label}</span>
              <span className="nav-shortcut" aria-hidden="true">
                {shortcutLabel(String(i + 1))}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Where a key moves focus from item `from`, or undefined for keys the list does not handle. */
function targetIndex(key: string, from: number): number | undefined {
  switch (key) {
    case 'ArrowDown':
      return from + 1;
    case 'ArrowUp':
      return from - 1;
    case 'Home':
      return 0;
    case 'End':
      return PAGES.length - 1;
    default:
      return undefined;
  }
}
