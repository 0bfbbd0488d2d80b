#!/usr/bin/env node
// Builds what runs: the main-process bundles (CLI/headless server, Electron main, preload) with
// esbuild, and the renderer with Vite. npm ci runs this through `prepare`, so a fresh clone works.
import { rmSync } from 'node:fs';
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';
import { seeThroughFaces } from './see-through-faces.mjs';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Node modules stay external: native ones (better-sqlite3, node-llama-cpp) must be, and the others
  // are installed beside the bundle in development and in the packaged app.
  packages: 'external',
  // Layer faces are the layering's boundary, not runtime modules (see the plugin for why).
  plugins: [seeThroughFaces('src-main')],
};

rmSync('dist/main', { recursive: true, force: true });
await Promise.all([
  esbuild({
    ...common,
    format: 'esm',
    entryPoints: { cli: 'src-main/shells/cli/entry.ts' },
    // Each command loads what it needs when it runs (dynamic imports, split into chunks), so
    // `sahel --help` does not pay for viem, SQLite and the whole core.
    splitting: true,
    chunkNames: 'cli-[name]-[hash]',
    outdir: 'dist/main',
    outExtension: { '.js': '.mjs' },
  }),
  esbuild({
    ...common,
    format: 'esm',
    entryPoints: { 'electron-main': 'src-main/shells/electron/main.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.mjs' },
  }),
  // Worker threads, each its own file (see src-main/platform/workers.ts).
  esbuild({
    ...common,
    format: 'esm',
    entryPoints: { 'workers/vault-crypto': 'src-main/vault/worker/crypto-worker.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.mjs' },
  }),
  // The LLM engine is a child process, so llama.cpp crashing takes nothing else down.
  esbuild({
    ...common,
    format: 'esm',
    entryPoints: { 'llm-engine': 'src-main/llm/engine/child/engine-process.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.mjs' },
  }),
  // Untrusted GGUF headers are read in a short-lived child process (src-main/llm/models/gguf.ts).
  esbuild({
    ...common,
    format: 'esm',
    entryPoints: { 'gguf-inspect': 'src-main/llm/models/gguf-inspect-process.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.mjs' },
  }),
  // A sandboxed preload is a single CommonJS script that may only require('electron').
  esbuild({
    ...common,
    packages: undefined,
    external: ['electron'],
    minify: true,
    format: 'cjs',
    entryPoints: { preload: 'src-main/shells/electron/preload.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
  }),
]);
await vite({ configFile: 'vite.config.ts', logLevel: 'warn' });
console.log('built dist/main and dist/renderer');
