import { memo, type ReactNode, useMemo, useRef, useState } from 'react';
import { type Block, type Inline, parseMarkdown, type SourceBlock } from './parse.js';

/**
 * Renders model output as the Markdown subset of parse.ts. Everything becomes React elements with
 * text children, so React escapes it: model output never reaches the page as HTML.
 */
export function Markdown({ text }: { text: string }) {
  // A streaming reply only grows: the parse of the previous text is reused up to its last block.
  const previous = useRef<{ text: string; blocks: SourceBlock[] } | undefined>(undefined);
  const blocks = useMemo(() => {
    const parsed = parseMarkdown(text, previous.current);
    previous.current = { text, blocks: parsed };
    return parsed;
  }, [text]);
  return (
    <div className="md">
      {blocks.map((b, i) => (
        // Index keys are right here: blocks only ever grow at the end while a reply streams.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <MarkdownBlock key={i} src={b.src} block={b.block} />
      ))}
    </div>
  );
}

/** Memoised on the block's source, so while a reply streams only its last block renders again. */
const MarkdownBlock = memo(
  function MarkdownBlock({ block }: { src: string; block: Block }) {
    switch (block.t) {
      case 'p':
        return <p>{inlines(block.c)}</p>;
      case 'h': {
        // Headings inside a reply sit below the page's own; h3–h6 keep the outline sane.
        const Tag = (['h3', 'h4', 'h5', 'h6', 'h6', 'h6'] as const)[block.level - 1]!;
        return <Tag className="md-heading">{inlines(block.c)}</Tag>;
      }
      case 'code':
        return <CodeBlock lang={block.lang} code={block.v} />;
      case 'list': {
        const items = block.items.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity beyond their place
          <li key={i}>{inlines(c)}</li>
        ));
        return block.ordered ? <ol start={block.start}>{items}</ol> : <ul>{items}</ul>;
      }
      case 'quote':
        return <blockquote>{inlines(block.c)}</blockquote>;
      case 'hr':
        return <hr />;
    }
  },
  (a, b) => a.src === b.src,
);

function inlines(nodes: Inline[]): ReactNode[] {
  // Inline nodes have no identity beyond their place in one block's source: the index is their key.
  return nodes.map((n, i) => inline(n, i));
}

function inline(n: Inline, key: number): ReactNode {
  switch (n.t) {
    case 'text':
      return n.v;
    case 'br':
      return <br key={key} />;
    case 'code':
      return <code key={key}>{n.v}</code>;
    case 'strong':
      return <strong key={key}>{inlines(n.c)}</strong>;
    case 'em':
      return <em key={key}>{inlines(n.c)}</em>;
    case 'link':
      // A new window is how links leave the app: Electron hands them to the system browser
      // (setWindowOpenHandler) and never navigates the app's own window.
      return (
        <a key={key} href={n.href} target="_blank" rel="noopener noreferrer" title={n.href}>
          {inlines(n.c)}
        </a>
      );
  }
}

function CodeBlock({ lang, code }: { lang: string; code: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const copy = () => {
    window.clearTimeout(timer.current);
    navigator.clipboard
      .writeText(code)
      .then(() => setCopied('yes'))
      .catch(() => setCopied('failed'))
      .finally(() => {
        timer.current = window.setTimeout(() => setCopied(null), 2000);
      });
  };
  return (
    <div className="md-code">
      <div className="md-code-bar">
        <span className="md-code-lang">{lang || 'code'}</span>
        <button type="button" className="md-code-copy" onClick={copy} aria-label={`Copy ${lang || ''} code`}>
          {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy'}
        </button>
      </div>
      <pre>
        <code>{code}</code>
      </pre>
    </div>
  );
}
