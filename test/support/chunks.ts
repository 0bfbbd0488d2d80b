/** What loading a bundle file pulls in at once: it and the chunks it imports statically, transitively. */
export function staticLoad(read: (name: string) => string | undefined, name: string): string {
  const seen = new Set<string>();
  const texts: string[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = read(file) ?? '';
    texts.push(text);
    for (const m of text.matchAll(/^(?:import|export)[^;]*?from\s*"\.\/([^"]+)";|^import\s*"\.\/([^"]+)";/gm))
      visit((m[1] ?? m[2]) as string);
  };
  visit(name);
  return texts.join('\n');
}

/** The files a bundle file loads lazily (`import("./…")`). */
export function lazyImports(text: string): string[] {
  return [...text.matchAll(/import\("\.\/([^"]+)"\)/g)].map((m) => m[1] as string);
}

/** The packages a bundle's code imports (static imports and re-exports; relative chunks left out). */
export function packagesOf(text: string): string[] {
  const found = [
    ...text.matchAll(/^(?:import|export)[^;]*?from\s*"([^".][^"]*)";|^import\s*"([^".][^"]*)";/gm),
  ];
  return [...new Set(found.map((m) => (m[1] ?? m[2]) as string))].sort();
}
