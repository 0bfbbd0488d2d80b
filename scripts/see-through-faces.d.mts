import type { Plugin } from 'esbuild';

/** The esbuild plugin of see-through-faces.mjs, for the faces under `srcMain` (a src-main folder). */
export function seeThroughFaces(srcMain: string): Plugin;
