// Builds the CLI bundle (the e2e tests run the real `sluice` command), unpacks the
// TPC-DS sf1-sample into a temporary directory laid out one folder per table, and
// generates TPC-DS scale 0.01 there with `sluice tpcds gen`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

export const SAMPLE = join(import.meta.dirname, '..', '..', 'shared', 'tpcds', 'sf1-sample');

declare module 'vitest' {
  export interface ProvidedContext { tpcdsData: string; tpcdsGenerated: string }
}

let dataDir = '';

export default function setup(project: TestProject) {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  dataDir = mkdtempSync(join(tmpdir(), 'sluice-tpcds-'));
  for (const f of readdirSync(SAMPLE).filter((n) => n.endsWith('.dat.gz'))) {
    const table = f.replace('.dat.gz', '');
    mkdirSync(join(dataDir, 'sf1-sample', table), { recursive: true });
    writeFileSync(join(dataDir, 'sf1-sample', table, `${table}.dat`), gunzipSync(readFileSync(join(SAMPLE, f))));
  }
  project.provide('tpcdsData', join(dataDir, 'sf1-sample'));
  execFileSync(process.execPath, ['bin/sluice.js', 'tpcds', 'gen', '--scale', '0.01', '--out', join(dataDir, 'generated-0.01')], { stdio: 'ignore' });
  project.provide('tpcdsGenerated', join(dataDir, 'generated-0.01'));
  return () => rmSync(dataDir, { recursive: true, force: true });
}
