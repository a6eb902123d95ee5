import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The partner console: built to `dist/console/` and served by Plugboard at `/console/`. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Everything the page needs comes from this origin as files: the CSP allows no inline code.
    assetsInlineLimit: 0,
    target: 'es2022',
  },
});
