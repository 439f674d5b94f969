import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npm run dev` beside a running `npm start`: the page from Vite, the graph from the gateway, the
// development sign-in from the dashboard's server.
const gateway = 'http://127.0.0.1:4000';
const dashboardServer = 'http://127.0.0.1:4200';

export default defineConfig({
  plugins: [react()],
  // The kernel (the cities' names) is a CommonJS workspace package: pre-bundled for the dev server.
  optimizeDeps: { include: ['@jobcenter/kernel'] },
  // The charting library is a chunk of its own (about 580 kB), loaded after the page's figures.
  build: { outDir: 'dist/client', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600 },
  server: {
    proxy: { '/graphql': gateway, '/reports': gateway, '/auth': dashboardServer },
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.{ts,tsx}'],
  },
});
