// Bundles the CLI into dist/ (run by `npm ci` through the prepare script). Bundling is
// needed because dt-sql-parser's ESM uses extensionless imports plain Node cannot load.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/client/main.ts'],
  outfile: 'dist/sluice.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: ['better-sqlite3'],
  banner: { js: "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
