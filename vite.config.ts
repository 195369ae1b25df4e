import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The dev server's React refresh preamble is an inline script, which the strict CSP of
 * renderer/index.html forbids. Only while serving, drop the CSP meta; built files keep it.
 */
function relaxCspWhileServing(): Plugin {
  return {
    name: 'keytrail-relax-csp-while-serving',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''),
  };
}

// `vite` alone serves the window; set KEYTRAIL_SERVER to a running `keytrail serve` origin
// (http://127.0.0.1:PORT) to forward /api to it.
const apiOrigin = process.env.KEYTRAIL_SERVER;

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs, so that the same build loads over http:// and Electron's custom protocol.
  base: './',
  plugins: [react(), relaxCspWhileServing()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
  },
  server: apiOrigin ? { proxy: { '/api': { target: apiOrigin, changeOrigin: false } } } : {},
});
