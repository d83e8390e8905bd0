// Bundles the CLI into dist/ (run by `npm ci` through the prepare script). Bundling is
// needed because dt-sql-parser's ESM uses extensionless imports plain Node cannot load.
// Worker-thread entries are bundled next to sluice.js (see src/runtime/workerScript.ts).
import { build } from 'esbuild';

await build({
  entryPoints: {
    sluice: 'src/client/main.ts',
    metastoreClientWorker: 'src/catalog/hms/metastoreClientWorker.ts',
    metastoreServerWorker: 'src/catalog/hms/metastoreServerWorker.ts',
    taskExecutorWorker: 'src/runtime/taskExecutorWorker.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: ['better-sqlite3', 'lz4-napi', 'lz4-wasm-nodejs'],
  banner: { js: "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
