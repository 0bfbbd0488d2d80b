import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** The text between `toMatchObject(` and its closing parenthesis. */
function matchObjectArguments(source: string): string[] {
  const args: string[] = [];
  for (let at = source.indexOf('toMatchObject('); at >= 0; at = source.indexOf('toMatchObject(', at + 1)) {
    let depth = 1;
    let i = at + 'toMatchObject('.length;
    const start = i;
    for (; i < source.length && depth > 0; i++) {
      if (source[i] === '(') depth++;
      else if (source[i] === ')') depth--;
    }
    args.push(source.slice(start, i - 1));
  }
  return args;
}

// A property value that is a regular-expression literal: `key: /…/flags`.
const REGEXP_VALUE = /:\s*\/(?![/*])(?:\\.|[^/\n])+\/[dgimsuy]*/;

describe('test hygiene', () => {
  it('finds the pattern it guards against', () => {
    expect(
      matchObjectArguments("expect(e).toMatchObject({ code: 'X', message: /no (such) file/ });"),
    ).toEqual(["{ code: 'X', message: /no (such) file/ }"]);
    expect(REGEXP_VALUE.test("{ code: 'X', message: /no (such) file/ }")).toBe(true);
    expect(REGEXP_VALUE.test('{ message: expect.stringMatching(/x/) }')).toBe(false);
  });

  // Under vitest 4, toMatchObject({ message: /x/ }) passes for any string: such a check cannot fail.
  it('no toMatchObject compares a property with a bare regular expression', () => {
    const self = join(ROOT, 'test', 'unit', 'test-hygiene.test.ts');
    const files = testFiles(join(ROOT, 'test')).filter((f) => f !== self);
    const offenders = files.flatMap((file) =>
      matchObjectArguments(readFileSync(file, 'utf8'))
        .filter((arg) => REGEXP_VALUE.test(arg))
        .map((arg) => `${relative(ROOT, file)}: toMatchObject(${arg.trim().slice(0, 80)})`),
    );
    expect(offenders, 'use expect.stringMatching(/…/) for the property instead').toEqual([]);
  });
});
