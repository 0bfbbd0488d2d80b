import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is one static bundle, loaded by Electron (app:// protocol) or the headless server.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
    // No inline module-preload polyfill: the CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
  },
});
