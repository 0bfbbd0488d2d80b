import { describe, expect, it } from 'vitest';
import {
  type Block,
  parseInline,
  parseMarkdown,
  type SourceBlock,
  safeHref,
} from '../../../../../../src-renderer/pages/chat/markdown/parse.js';

const blocks = (text: string): Block[] => parseMarkdown(text).map((b) => b.block);

describe('the chat Markdown subset', () => {
  it('splits paragraphs on blank lines and keeps single newlines as line breaks', () => {
    expect(blocks('one\ntwo\n\nthree')).toEqual([
      { t: 'p', c: [{ t: 'text', v: 'one' }, { t: 'br' }, { t: 'text', v: 'two' }] },
      { t: 'p', c: [{ t: 'text', v: 'three' }] },
    ]);
  });

  it('reads emphasis, strong and inline code, and leaves snake_case and lone stars alone', () => {
    expect(parseInline('a **bold** and *it* `x*y`')).toEqual([
      { t: 'text', v: 'a ' },
      { t: 'strong', c: [{ t: 'text', v: 'bold' }] },
      { t: 'text', v: ' and ' },
      { t: 'em', c: [{ t: 'text', v: 'it' }] },
      { t: 'text', v: ' ' },
      { t: 'code', v: 'x*y' },
    ]);
    expect(parseInline('my_var_name and 2 * 3 * 4')).toEqual([{ t: 'text', v: 'my_var_name and 2 * 3 * 4' }]);
    expect(parseInline('\\*not em\\*')).toEqual([{ t: 'text', v: '*not em*' }]);
  });

  it('keeps half-written constructs as text while a reply streams', () => {
    expect(parseInline('so **bol')).toEqual([{ t: 'text', v: 'so **bol' }]);
    expect(parseInline('call `fn(')).toEqual([{ t: 'text', v: 'call `fn(' }]);
    expect(blocks('```ts\nconst a = 1;')).toEqual([
      { t: 'code', lang: 'ts', v: 'const a = 1;', closed: false },
    ]);
  });

  it('reads fenced code verbatim, markup included', () => {
    const [code] = blocks('```html\n<script>alert(1)</script>\n**x**\n```\nafter');
    expect(code).toEqual({ t: 'code', lang: 'html', v: '<script>alert(1)</script>\n**x**', closed: true });
    expect(blocks('```\na\n```\nafter').at(-1)).toEqual({ t: 'p', c: [{ t: 'text', v: 'after' }] });
  });

  it('reads bullet and numbered lists, headings, quotes and rules', () => {
    expect(blocks('- one\n- **two**\n\n3. three\n4. four')).toEqual([
      {
        t: 'list',
        ordered: false,
        start: 1,
        items: [[{ t: 'text', v: 'one' }], [{ t: 'strong', c: [{ t: 'text', v: 'two' }] }]],
      },
      {
        t: 'list',
        ordered: true,
        start: 3,
        items: [[{ t: 'text', v: 'three' }], [{ t: 'text', v: 'four' }]],
      },
    ]);
    expect(blocks('## Title\n> quoted\n---')).toEqual([
      { t: 'h', level: 2, c: [{ t: 'text', v: 'Title' }] },
      { t: 'quote', c: [{ t: 'text', v: 'quoted' }] },
      { t: 'hr' },
    ]);
  });

  it('links only to the web and mail; anything else stays text', () => {
    expect(parseInline('[docs](https://example.org/a?b=1)')).toEqual([
      { t: 'link', href: 'https://example.org/a?b=1', c: [{ t: 'text', v: 'docs' }] },
    ]);
    expect(parseInline('see https://example.org/x.')).toEqual([
      { t: 'text', v: 'see ' },
      { t: 'link', href: 'https://example.org/x', c: [{ t: 'text', v: 'https://example.org/x' }] },
      { t: 'text', v: '.' },
    ]);
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      '/relative',
      'vbscript:x',
    ]) {
      expect(safeHref(bad)).toBeNull();
      expect(parseInline(`[x](${bad})`).every((n) => n.t === 'text')).toBe(true);
    }
  });

  it('gives each block its source, so a growing reply only changes its last block', () => {
    const a = parseMarkdown('para one\n\n```js\nlet x');
    const b = parseMarkdown('para one\n\n```js\nlet x = 1;\n```');
    expect(a[0]!.src).toBe(b[0]!.src);
    expect(a[1]!.src).not.toBe(b[1]!.src);
  });

  it('parses a growing reply incrementally to the same blocks as a full parse', () => {
    const reply =
      'Intro with **bold**\nand a break.\n\n- one\n- two\n  more\n\n```py\nprint(1)\n```\n> quote\n\n## Head\n---\nend `x`';
    const tricky = 'para\n-\n- x\n-\n\n> a\n>b\n1. a\n2\n2. b\n   c\n***\n~~~\ncode\n~~~~\n#\n# h\r\nz';
    let before: { text: string; blocks: SourceBlock[] } | undefined;
    for (const whole of [reply, tricky]) {
      before = undefined;
      for (let n = 1; n <= whole.length; n++) {
        const text = whole.slice(0, n);
        const blocks = parseMarkdown(text, before);
        expect(blocks).toEqual(parseMarkdown(text));
        before = { text, blocks };
      }
    }
    // A text that is not an extension (an edit) is parsed afresh.
    expect(parseMarkdown('other', before)).toEqual(parseMarkdown('other'));
  });
});
