import { describe, expect, it } from 'vitest';
import { highlights } from '../../../../src-main/shells/cli/commands/vault-format.js';
import { printable } from '../../../../src-main/shells/cli/output.js';
import { describeIssues } from '../../../../src-shared/api/issues.js';
import { vaultService } from '../../../../src-shared/api/services/vault.js';

describe('printable', () => {
  it('shows bidi overrides, marks and control characters as code points, keeps lines and tabs', () => {
    expect(printable('report\u202Efdp.exe')).toBe('report<U+202E>fdp.exe');
    expect(printable('a\u2066b\u200Fc\u061Cd')).toBe('a<U+2066>b<U+200F>c<U+061C>d');
    expect(printable('\u001b[2Jx\u0007\u009b')).toBe('<U+001B>[2Jx<U+0007><U+009B>');
    expect(printable('line one\n\tline two')).toBe('line one\n\tline two');
    expect(printable('naïve 名前 🙂')).toBe('naïve 名前 🙂');
  });
});

describe('search highlights', () => {
  it('turns the owner marks into plain text and code-point ranges', () => {
    expect(highlights('an \u0002apple\u0003 and 🙂 \u0002pie\u0003')).toEqual({
      text: 'an apple and 🙂 pie',
      highlights: [
        [3, 8],
        [15, 18],
      ],
    });
    expect(highlights('no match')).toEqual({ text: 'no match', highlights: [] });
  });
});

describe('describeIssues', () => {
  const issues = (input: unknown) => {
    const r = vaultService.addNote.input.safeParse(input);
    if (r.success) throw new Error('expected a refusal');
    return r.error.issues;
  };

  it('names the field and says what is wrong in a sentence', () => {
    expect(describeIssues(issues({ name: 'n'.repeat(300), text: '' }))).toBe(
      'Invalid name: too long, at most 255 characters.',
    );
    expect(describeIssues(issues({ text: 'x' }))).toBe('Invalid name: missing.');
    expect(describeIssues(issues({ name: 'x', text: '', tags: ['ok', 't'.repeat(70)] }))).toBe(
      'Invalid tags[1]: too long, at most 64 characters.',
    );
    expect(describeIssues(issues({ name: 'x', text: '', parentId: 'nope' }))).toBe(
      'Invalid parentId: must be an item id.',
    );
    expect(describeIssues(issues({ name: 'x', text: '', extra: 1 }))).toBe(
      'Invalid input: unknown field extra.',
    );
  });
});
