import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web console: `npm run build:console` (and `npm install`, through `prepare`) builds it into
 * console/dist, which `npm start` serves at /. `npx vite --config console/vite.config.ts` serves it with
 * hot reload, passing the APIs through to a Topograph on :8080.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.TOPOGRAPH_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
  server: {
    proxy: { '/api': api, '/openapi': api, '/healthz': api, '/docs': api },
  },
});
