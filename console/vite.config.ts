import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The partner console (`index.html`, served at `/console/`) and the end user's LAUNCH and account page
 * (`account.html`, served at `/launch` and `/account`): one build to `dist/console/`, two entries that
 * share only the small React chunk, so the end user's page never loads the console's code.
 */
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
    rollupOptions: {
      input: {
        console: fileURLToPath(new URL('index.html', import.meta.url)),
        account: fileURLToPath(new URL('account.html', import.meta.url)),
      },
    },
  },
});
