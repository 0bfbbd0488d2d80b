import { afterEach, describe, expect, it } from 'vitest';
import {
  allWordsQuery,
  anyWordQuery,
  MemoryFts,
  snippetSql,
  withoutMarks,
} from '../../../src-main/store/memory-fts.js';
import { MATCH_END, MATCH_START } from '../../../src-shared/domain/vault.js';

const SCHEMA =
  "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')";

// What people type that FTS5 would read as syntax: phrase quotes, prefix stars, NEAR groups, column
// filters, NOT/AND/OR, leading minus, carets, parentheses, braces, and nothing at all but syntax.
const HOSTILE = [
  '"',
  '"unterminated',
  'alpha*',
  '*',
  'NEAR(alpha beta, 2)',
  'NEAR',
  '-alpha',
  'body:alpha',
  'id:x',
  'alpha AND NOT beta OR',
  '^alpha',
  '(alpha',
  '{body id}: alpha',
  'a"b"c',
  ':-*"()',
];

describe('MemoryFts', () => {
  const open: MemoryFts[] = [];
  function fresh(): MemoryFts {
    const fts = new MemoryFts('test index', SCHEMA);
    open.push(fts);
    const insert = fts.db.prepare('INSERT INTO docs (id, body) VALUES (?, ?)');
    insert.run('1', 'alpha beta gamma');
    insert.run('2', 'near the body: alphabet soup');
    insert.run('3', 'and or not');
    return fts;
  }
  function ids(fts: MemoryFts, match: string): string[] {
    if (!match) return [];
    return fts.db
      .prepare('SELECT id FROM docs WHERE docs MATCH ? ORDER BY id')
      .pluck()
      .all(match) as string[];
  }
  afterEach(() => {
    for (const f of open.splice(0)) f.close();
  });

  it('never hands FTS5 a syntax error, whatever the user typed', () => {
    const fts = fresh();
    for (const text of HOSTILE) {
      expect(() => ids(fts, allWordsQuery(text)), text).not.toThrow();
      expect(() => ids(fts, anyWordQuery(text)), text).not.toThrow();
    }
    // The same strings passed raw are FTS5 syntax errors: the escaping is what keeps them out.
    expect(() => ids(fts, '"unterminated')).toThrow(/syntax|unterminated/i);
    expect(() => ids(fts, '-alpha')).toThrow();
  });

  it('reads operators and column names as plain words', () => {
    const fts = fresh();
    expect(allWordsQuery('NEAR(alpha beta, 2)')).toBe('"NEAR"* "alpha"* "beta"* "2"*');
    expect(ids(fts, allWordsQuery('body:alpha'))).toEqual(['2']);
    expect(ids(fts, allWordsQuery('alpha*'))).toEqual(['1', '2']);
    expect(ids(fts, allWordsQuery('-alpha beta'))).toEqual(['1']);
    expect(ids(fts, allWordsQuery('"and or not"'))).toEqual(['3']);
    // "OR" is a word too: it finds the document containing "or".
    expect(ids(fts, anyWordQuery('gamma" OR soup'))).toEqual(['1', '2', '3']);
    expect(anyWordQuery('Alpha alpha ALPHA:beta')).toBe('"alpha" OR "beta"');
  });

  it('gives an empty query for input without words', () => {
    expect(allWordsQuery(':-*"()')).toBe('');
    expect(anyWordQuery('   ')).toBe('');
  });

  it('caps the number of words', () => {
    const many = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    expect(allWordsQuery(many).split(' ')).toHaveLength(16);
    expect(anyWordQuery(many).split(' OR ')).toHaveLength(32);
  });

  it('strips the snippet marks from indexed text and puts them around matches', () => {
    const fts = fresh();
    fts.db
      .prepare('INSERT INTO docs (id, body) VALUES (?, ?)')
      .run('4', withoutMarks(`x${MATCH_START}forged${MATCH_END}y`));
    const snippets = fts.db
      .prepare(`SELECT ${snippetSql('docs', 1)} FROM docs WHERE docs MATCH ?`)
      .pluck()
      .all(allWordsQuery('forged')) as string[];
    expect(snippets).toEqual([`x ${MATCH_START}forged${MATCH_END} y`]);
  });

  it('restores from its own serialization and refuses use after close', () => {
    const fts = fresh();
    const copy = new MemoryFts('copy', 'this schema is not run for a restored database', fts.serialize());
    open.push(copy);
    expect(ids(copy, allWordsQuery('soup'))).toEqual(['2']);
    fts.close();
    expect(() => fts.db).toThrow('The test index is closed');
  });
});
