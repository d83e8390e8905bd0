// Where a worker thread's entry module is. The published package runs from the esbuild
// bundle in dist/, where every worker entry is bundled next to sluice.js; tests and `tsx`
// run the TypeScript sources, where the worker first registers tsx's loader and then
// imports the entry (a worker's own --import flag does not apply to its entry module).
import { Worker, WorkerOptions } from 'node:worker_threads';

const fromSources = import.meta.url.endsWith('.ts');

/** Starts the worker whose entry is src/<path>.ts (bundled as dist/<basename>.js). */
export function startWorker(path: string, options: WorkerOptions = {}): Worker {
  if (fromSources) {
    const entry = new URL(`../${path}.ts`, import.meta.url).href;
    const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
    return new Worker(boot, { ...options, eval: true });
  }
  return new Worker(new URL(`./${path.split('/').pop()}.js`, import.meta.url), options);
}
