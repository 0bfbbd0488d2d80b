/** A button (or a link styled as one), or a text field, whose text cannot be read, as found by auditButtons. */
export interface UnreadableButton {
  /** Its accessible text (a field's: its label), or its outer HTML cut short when it has none. */
  text: string;
  /** The WCAG contrast ratio of its text against its effective background (0 when it has no text). */
  ratio: number;
  needed: number;
  fg: string;
  bg: string;
  disabled: boolean;
}

/**
 * Runs in the page (page.evaluate): every visible button, and every link styled as one, must have
 * accessible text, and its text colour against the background it is painted on (walking up the
 * ancestors to the first opaque background, compositing translucent ones and the opacity of a
 * disabled button) must reach a WCAG contrast ratio of 4.5 — the figure for normal-size text, which
 * every button label in the app is (13px, or 12px on small buttons). A disabled button need only reach
 * 3 (WCAG exempts inactive controls, but the label must still say what the button would do), and so
 * need an icon-only one (named by aria-label), whose glyph WCAG 1.4.11 treats as a graphical object.
 *
 * With `fields`, every visible text field, text box and select too: it must have a label (its
 * <label>, aria-label or aria-labelledby; a placeholder is not one), and the text typed in it the same
 * 4.5 against the field's own background (3 while disabled).
 *
 * Self-contained on purpose: Playwright sends only this function's source to the browser.
 */
export function auditButtons(options: { fields: boolean }): UnreadableButton[] {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const m = css.match(/rgba?\(([^)]+)\)/);
    if (!m?.[1]) return [0, 0, 0, 0];
    const parts = m[1]
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
  };
  const over = (top: Rgba, under: Rgba, alpha = top[3]): Rgba => [
    top[0] * alpha + under[0] * (1 - alpha),
    top[1] * alpha + under[1] * (1 - alpha),
    top[2] * alpha + under[2] * (1 - alpha),
    1,
  ];
  /** The colour an element's own box is painted over: its ancestors' backgrounds, composited. */
  const backgroundOf = (el: Element | null): Rgba => {
    const layers: Rgba[] = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let out: Rgba = [255, 255, 255, 1];
    for (const c of layers.reverse()) out = over(c, out);
    return out;
  };
  const luminance = ([r, g, b]: Rgba) => {
    const ch = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const ratioOf = (a: Rgba, b: Rgba) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
    return (hi + 0.05) / (lo + 0.05);
  };
  const accessibleText = (el: HTMLElement) => {
    const label = el.getAttribute('aria-label')?.trim();
    if (label) return label;
    const by = el.getAttribute('aria-labelledby');
    if (by) {
      const text = by
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
        .trim();
      if (text) return text;
    }
    if (isField(el)) {
      return [...(el.labels ?? [])]
        .map((l) => l.textContent ?? '')
        .join(' ')
        .trim();
    }
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a user reads
    return (el.innerText || el.getAttribute('title') || '').trim();
  };
  const show = (c: Rgba) => `rgb(${c.slice(0, 3).map(Math.round).join(', ')})`;

  const FIELDS =
    'input:not([type="submit"], [type="button"], [type="checkbox"], [type="radio"], [type="file"], [type="hidden"], [type="range"]), textarea, select';
  function isField(el: Element): el is HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement {
    return el.matches(FIELDS);
  }

  const found: UnreadableButton[] = [];
  const candidates = document.querySelectorAll<HTMLElement>(
    `button, [role="button"], input[type="submit"], input[type="button"], a.btn, a.button${options.fields ? `, ${FIELDS}` : ''}`,
  );
  for (const el of candidates) {
    const rect = el.getBoundingClientRect();
    const visible =
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
      rect.width > 0 &&
      rect.height > 0 &&
      rect.right > 0 &&
      rect.bottom > 0 &&
      !el.closest('[aria-hidden="true"], [inert]');
    if (!visible) continue;
    const disabled =
      (el as HTMLButtonElement | HTMLInputElement).disabled === true ||
      el.getAttribute('aria-disabled') === 'true';
    const text = accessibleText(el);
    // An icon-only button's glyph is a graphical object: WCAG 1.4.11 asks 3:1 of it.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a user reads
    const iconOnly = !el.innerText.trim() && el.querySelector('svg') !== null;
    const needed = disabled || iconOnly ? 3 : 4.5;
    let fg = parse(getComputedStyle(el).color);
    let bg = backgroundOf(el);
    // An ancestor-or-self with opacity fades text and box alike into what lies behind it.
    for (let e: Element | null = el; e; e = e.parentElement) {
      const opacity = Number(getComputedStyle(e).opacity);
      if (opacity < 1) {
        const behind = backgroundOf(e.parentElement);
        fg = over(over(fg, bg), behind, opacity);
        bg = over(bg, behind, opacity);
        break;
      }
    }
    fg = over(fg, bg);
    const ratio = text ? ratioOf(fg, bg) : 0;
    if (!text || ratio < needed) {
      found.push({
        text: text || el.outerHTML.slice(0, 120),
        ratio: Math.round(ratio * 100) / 100,
        needed,
        fg: show(fg),
        bg: show(bg),
        disabled,
      });
    }
  }
  return found;
}
