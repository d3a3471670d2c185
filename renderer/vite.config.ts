// Vite build of the renderer: `npx vite build -c renderer/vite.config.ts` writes dist/renderer/.
// `base: './'` keeps asset URLs relative, so the page loads under any origin: the app's custom
// protocol or the loopback test host.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
  },
});
