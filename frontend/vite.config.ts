import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Static SPA: relative asset URLs so one build can be served from any path
// (S3/CloudFront or the backend's local static server). Runtime settings come
// from ./config.json, fetched at startup.
export default defineConfig({
  base: './',
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No inline modulepreload polyfill script: a strict CSP (script-src 'self') applies.
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.{ts,tsx}'],
  },
});
