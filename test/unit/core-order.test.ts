import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/sahel-process.js';

/**
 * The names a function's closures use before the statement that declares them, among the consts and
 * lets declared directly in its body: `a: () => b.x()` with `const b` further down. Such a closure
 * throws if it is called before `b` exists, and the reader has to look ahead to follow the wiring.
 */
function forwardReferences(source: string, functionName: string): string[] {
  const file = ts.createSourceFile('core.ts', source, ts.ScriptTarget.Latest, true);
  const fn = file.statements.find(
    (s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === functionName,
  );
  if (!fn?.body) throw new Error(`no function ${functionName}`);
  const declaredAt = new Map<string, number>();
  for (const st of fn.body.statements)
    if (ts.isVariableStatement(st))
      for (const d of st.declarationList.declarations)
        if (ts.isIdentifier(d.name)) declaredAt.set(d.name.text, st.getStart());
  const found: string[] = [];
  // Names a closure binds itself (parameters, its own locals) shadow the function's.
  const bound = (node: ts.Node): string[] => {
    const names: string[] = [];
    const collect = (n: ts.Node) => {
      if (
        (ts.isParameter(n) || ts.isVariableDeclaration(n) || ts.isBindingElement(n)) &&
        ts.isIdentifier(n.name)
      )
        names.push(n.name.text);
      ts.forEachChild(n, collect);
    };
    collect(node);
    return names;
  };
  const visit = (node: ts.Node, shadowed: ReadonlySet<string> | null) => {
    if (shadowed && ts.isIdentifier(node) && !shadowed.has(node.text)) {
      const at = declaredAt.get(node.text);
      const isPropertyName =
        (ts.isPropertyAccessExpression(node.parent) && node.parent.name === node) ||
        (ts.isPropertyAssignment(node.parent) && node.parent.name === node);
      if (at !== undefined && at > node.getStart() && !isPropertyName) found.push(node.text);
    }
    const closure = ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node);
    const inner = closure ? new Set([...(shadowed ?? []), ...bound(node)]) : shadowed;
    ts.forEachChild(node, (child) => visit(child, inner));
  };
  visit(fn.body, null);
  return [...new Set(found)];
}

describe('core.ts wiring', () => {
  it('has no closure that uses a service declared below it', () => {
    const source = readFileSync(join(ROOT, 'src-main', 'core.ts'), 'utf8');
    expect(forwardReferences(source, 'createCore')).toEqual([]);
  });

  it('finds such a closure when there is one (the check itself can fail)', () => {
    const source = [
      'export function createCore() {',
      '  const x = 0;',
      '  const a = { onStatus: () => b.status(), ok: () => x, own: (c) => c, local: () => { const d = 1; return d; } };',
      '  const b = { status: () => 1 };',
      '  const c = 2;',
      '  const d = 3;',
      '  return { a, b, later: () => b };',
      '}',
    ].join('\n');
    expect(forwardReferences(source, 'createCore')).toEqual(['b']);
  });
});
