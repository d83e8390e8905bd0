import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // dt-sql-parser's ESM uses extensionless imports; let Vite resolve them.
    server: { deps: { inline: ['dt-sql-parser'] } },
  },
});
