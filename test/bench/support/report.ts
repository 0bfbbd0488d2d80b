import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const FILE = 'docs/PERFORMANCE.md';

/** The machine a figure was measured on, for the heading of each section. */
export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpu}, Node ${process.version}`;
}

/**
 * Replaces (or appends) the section of docs/PERFORMANCE.md between `<!-- bench:name -->` markers,
 * so each benchmark owns its figures and a rerun updates them in place.
 */
export function writeSection(name: string, markdown: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const doc = readFileSync(FILE, 'utf8');
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  const next =
    i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(`${FILE}.tmp`, next);
  renameSync(`${FILE}.tmp`, FILE);
}
