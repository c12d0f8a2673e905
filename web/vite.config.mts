import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/**
 * Two pages: the dashboard (index.html) and the self-hosted GraphiQL (graphiql.html), both served by the
 * service from web/dist. Hashed file names under assets/ let the service cache them for a year.
 */
export default defineConfig({
  root,
  base: '/',
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Every script is a file of the service's origin: the CSP allows no inline script, not even a preload helper.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: { index: resolve(root, 'index.html'), graphiql: resolve(root, 'graphiql.html') },
      // React libraries mark their modules "use client" for server components, which a browser bundle ignores.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
    chunkSizeWarningLimit: 2000,
  },
});
