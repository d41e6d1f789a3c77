// The web app's build: React + TypeScript into web/dist, served by src/webapp/webapp-plugin.ts.
// `npm run build:web` runs it; the browser tests build it themselves (test/web/build-web.ts).
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: path.join(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline module preload polyfill: it would need 'unsafe-inline' in the page's CSP.
    modulePreload: { polyfill: false },
  },
  server: {
    // `npx vite web` during development talks to a running `npm run demo`.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
