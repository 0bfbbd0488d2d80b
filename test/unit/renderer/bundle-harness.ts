import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../../support/sahel-process.js';

/** A harness of renderer components (a .tsx under test/unit/renderer), bundled for a blank Chromium page. */
export async function bundleHarness(file: string): Promise<string> {
  const bundle = await build({
    entryPoints: [join(ROOT, 'test/unit/renderer', file)],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"development"' },
    logLevel: 'warning',
  });
  return bundle.outputFiles[0]!.text;
}

/** The app's stylesheets in one, so components are laid out as on the pages. */
export async function bundleStyles(): Promise<string> {
  const bundle = await build({
    entryPoints: [join(ROOT, 'src-renderer/styles/index.css')],
    bundle: true,
    write: false,
    logLevel: 'warning',
  });
  return bundle.outputFiles[0]!.text;
}
