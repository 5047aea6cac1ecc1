import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'electron/**/*.test.ts',
      'workers/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'e2e/**/*.test.ts',
      'scripts/**/*.test.ts',
      'training/**/*.test.ts',
      'evaluation/**/*.test.ts',
    ],
    exclude: ['node_modules/**', 'out/**'],
    // Native modules (better-sqlite3) and worker_threads are happiest in forked processes.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
  },
});
