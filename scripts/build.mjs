// Bundles the CLI into dist/ (run by `npm ci` through the prepare script). Bundling is
// needed because dt-sql-parser's ESM uses extensionless imports plain Node cannot load.
// Worker-thread entries are bundled next to sluice.js (see src/runtime/workerScript.ts).
// With --bench it also bundles the TPC-DS benchmark (dist/tpcdsBenchmark.js), so that the
// benchmark measures the code users run rather than tsx's transform of the sources (which
// wraps every closure it creates for keepNames: an ORC scan microbenchmark took 411 ms
// under tsx and 367 ms bundled; whole queries differed by less than the noise).
import { build } from 'esbuild';

const bench = process.argv.includes('--bench');

await build({
  entryPoints: {
    sluice: 'src/client/main.ts',
    metastoreClientWorker: 'src/catalog/hms/metastoreClientWorker.ts',
    metastoreServerWorker: 'src/catalog/hms/metastoreServerWorker.ts',
    taskExecutorWorker: 'src/runtime/taskExecutorWorker.ts',
    ...(bench ? { tpcdsBenchmark: 'benchmarks/tpcds/run.ts' } : {}),
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: ['better-sqlite3', 'lz4-napi', 'lz4-wasm-nodejs', '@duckdb/node-api'],
  banner: { js: "import { createRequire as __sluiceCreateRequire } from 'node:module'; const require = __sluiceCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
