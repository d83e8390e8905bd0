// The `sluice` command. `sluice sql-client` is Flink's SQL client in batch mode with the
// Hive dialect, with the Hive CLI's habits: -e, -f, -i, --hivevar, --hiveconf, tab-separated
// output for scripts, one-line errors.
import { generateTpcds } from '../tpcds/generate.js';
import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { JobProgress } from '../runtime/jobMaster.js';
import { Session } from '../session/session.js';
import { startMetastoreServer } from '../catalog/hms/metastoreServer.js';
import { applyDefaultsFile } from './defaultsFile.js';
import { splitStatements, StatementText } from '../sql/scriptSplitter.js';
import { formatTable, formatTsv } from './format.js';
import { StatementResult } from '../session/result.js';

const collect = (v: string, prev: string[]) => [...prev, v];

function keyValues(list: string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new Error(`--${what} expects key=value, got '${kv}'`);
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.name === 'SluiceError' ? e.message : `${e.name}: ${e.message}`;
  return String(e);
}

interface ClientOptions {
  e?: string; f?: string; i?: string[]; defaults?: string; hivevar: string[]; hiveconf: string[]; define: string[];
  warehouse: string; dialect?: string; header?: boolean; silent?: boolean;
}

export async function runSqlClient(opts: ClientOptions): Promise<number> {
  const session = new Session({
    warehouse: resolve(opts.warehouse),
    hivevars: { ...keyValues(opts.hivevar, 'hivevar'), ...keyValues(opts.define, 'define') },
    hiveconf: keyValues(opts.hiveconf, 'hiveconf'),
  });
  session.runtime.onProgress = progressLine(session);
  try {
    if (opts.defaults) applyDefaultsFile(session, opts.defaults);
    if (opts.dialect) session.config.set('table.sql-dialect', opts.dialect);
    if (opts.header) session.config.set('hive.cli.print.header', 'true');
    for (const init of opts.i ?? []) {
      const code = runScript(session, readFileSync(init, 'utf8'), { stopOnError: true, silent: true });
      if (code !== 0) return code;
    }
    if (opts.e !== undefined) return runScript(session, opts.e, { stopOnError: true, silent: !!opts.silent });
    if (opts.f !== undefined) {
      let text: string;
      try { text = readFileSync(opts.f, 'utf8'); } catch (e) { process.stderr.write(`Could not open input file for reading. (${(e as Error).message})\n`); return 1; }
      return runScript(session, text, { stopOnError: true, silent: !!opts.silent });
    }
    await interactive(session);
    return 0;
  } finally {
    session.close();
  }
}

/** A job's progress on stderr once it has run a second: tasks finished of all, elapsed
 *  time, bytes spilled. Shown when stderr is a terminal, or always or never by
 *  sql-client.execution.progress (auto, true, false). The line is cleared when done. */
function progressLine(session: Session): (p: JobProgress) => void {
  let shown = false;
  const clear = () => { if (shown) { process.stderr.write('\r\x1b[2K'); shown = false; } };
  process.on('exit', clear);
  return (p) => {
    const mode = session.config.get('sql-client.execution.progress').toLowerCase();
    if (mode === 'false' || (mode === 'auto' && !process.stderr.isTTY) || p.elapsedMs < 1000) return;
    const spilled = p.bytesSpilled > 0 ? `, spilled ${(p.bytesSpilled / 1048576).toFixed(1)} MB` : '';
    process.stderr.write(`\r[job] ${p.finished}/${p.total} tasks finished, ${(p.elapsedMs / 1000).toFixed(1)} s${spilled}${process.stderr.isTTY ? '' : '\n'}`);
    shown = !!process.stderr.isTTY;
    if (p.finished === p.total) clear();
  };
}

/** Runs statements in order; output as the Hive CLI prints it. Returns the exit status. */
export function runScript(session: Session, text: string, o: { stopOnError: boolean; silent: boolean }): number {
  let status = 0;
  for (const st of splitStatements(text)) {
    const started = Date.now();
    try {
      const r = session.execute(st);
      writeScriptResult(session, r, started, o.silent);
    } catch (e) {
      process.stderr.write(`Error: ${errorText(e)}\n`);
      status = 1;
      if (!session.config.getBoolean('hive.cli.errors.ignore')) return status;
    }
  }
  return status;
}

function writeScriptResult(session: Session, r: StatementResult, started: number, silent: boolean): void {
  const secs = ((Date.now() - started) / 1000).toFixed(3);
  if (r.kind === 'rows') {
    process.stdout.write(formatTsv(r, session.config.getBoolean('hive.cli.print.header')));
    if (!silent) process.stderr.write(`Time taken: ${secs} seconds, Fetched: ${r.rowCount} row(s)\n`);
  } else if (!silent) {
    if (r.message) process.stderr.write(r.message + '\n');
    process.stderr.write(`OK\nTime taken: ${secs} seconds\n`);
  }
}

async function interactive(session: Session): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const prompt = () => rl.setPrompt(buffer ? '     > ' : 'sluice> ');
  let buffer = '';
  let bufferLine = 1;
  let lineNo = 0;
  process.stdout.write(`Sluice SQL client (batch mode, Hive dialect). Warehouse: ${session.warehouse}\nEnd statements with ';'. Type 'quit;' to leave.\n\n`);
  prompt();
  rl.prompt();
  for await (const line of rl) {
    lineNo++;
    if (!buffer.trim()) bufferLine = lineNo;
    buffer += line + '\n';
    const statements = splitStatements(buffer);
    const complete = /;\s*(--[^\n]*)?\s*$/.test(buffer.trim()) || (buffer.trim() === '' && statements.length === 0);
    if (!complete) { prompt(); rl.prompt(); continue; }
    for (const st of statements) {
      if (/^(quit|exit)$/i.test(st.text.trim())) { rl.close(); return; }
      runInteractive(session, { ...st, line: st.line + bufferLine - 1 });
    }
    buffer = '';
    prompt();
    rl.prompt();
  }
}

function runInteractive(session: Session, st: StatementText): void {
  const started = Date.now();
  try {
    const r = session.execute(st);
    const secs = ((Date.now() - started) / 1000).toFixed(3);
    if (r.kind === 'rows') {
      if (r.columns.length) process.stdout.write(formatTable(r, session.config.getInt('sql-client.display.max-column-width')) + '\n');
      process.stdout.write(`${r.rowCount} row${r.rowCount === 1 ? '' : 's'} in set (${secs} seconds)\n\n`);
    } else {
      process.stdout.write(`[INFO] ${r.message ?? 'Execute statement succeeded.'} (${secs} seconds)\n\n`);
    }
  } catch (e) {
    process.stdout.write(`[ERROR] ${errorText(e)}\n\n`);
  }
}

export function main(argv: string[]): void {
  const program = new Command();
  program.name('sluice').description('Batch SQL engine for Hive warehouses');
  program.command('sql-client')
    .description('SQL client in batch mode with the Hive dialect (embedded metastore and warehouse by default)')
    .option('-e <sql>', 'run the quoted statements and exit')
    .option('-f <file>', 'run the statements in a file and exit')
    .option('-i <file>', 'initialisation script run first (repeatable)', collect, [])
    .option('--defaults <yaml>', "Flink SQL client defaults file: catalogs, execution.current-catalog/-database, configuration")
    .option('--hivevar <key=value>', 'variable for ${key} / ${hivevar:key} substitution (repeatable)', collect, [])
    .option('-d, --define <key=value>', 'same as --hivevar', collect, [])
    .option('--hiveconf <key=value>', 'set a configuration key (repeatable)', collect, [])
    .option('--warehouse <dir>', 'warehouse directory holding the embedded metastore and managed tables', process.env.SLUICE_WAREHOUSE ?? './sluice-warehouse')
    .option('--dialect <dialect>', "SQL dialect (only 'hive')")
    .option('--header', 'print column names before rows with -e/-f')
    .option('-S, --silent', 'no timing or OK lines on stderr')
    .action(async (opts: ClientOptions) => {
      try {
        process.exitCode = await runSqlClient(opts);
      } catch (e) {
        process.stderr.write(`Error: ${errorText(e)}\n`);
        process.exitCode = 1;
      }
    });
  program.command('metastore')
    .description('Hive Metastore Thrift server over a warehouse directory (metadata in <warehouse>/metastore.db)')
    .option('--port <port>', 'port to listen on', '9083')
    .option('--host <address>', 'address to listen on (loopback unless told otherwise)', '127.0.0.1')
    .option('--warehouse <dir>', 'warehouse directory', process.env.SLUICE_WAREHOUSE ?? './sluice-warehouse')
    .option('--framed', 'framed transport instead of buffered (hive.metastore.thrift.framed.transport.enabled)')
    .action(async (opts: { port: string; host: string; warehouse: string; framed?: boolean }) => {
      process.noDeprecation = true; // the thrift package still calls new Buffer()
      try {
        const server = await startMetastoreServer({
          warehouse: resolve(opts.warehouse), port: Number(opts.port), host: opts.host, framed: !!opts.framed,
          log: (line) => process.stderr.write(line + '\n'),
        });
        process.stdout.write(`Sluice metastore listening on ${server.uri} (warehouse ${resolve(opts.warehouse)})\n`);
        const stop = () => { void server.close().then(() => process.exit(0)); };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      } catch (e) {
        process.stderr.write(`Error: cannot start the metastore: ${errorText(e)}\n`);
        process.exitCode = 1;
      }
    });
  program.command('tpcds')
    .description('TPC-DS tools')
    .command('gen')
    .description("write the 24 TPC-DS tables in dsdgen's layout (<out>/<table>/<table>.dat, '|'-separated)")
    .requiredOption('--scale <sf>', 'scale factor (1 ≈ 1 GB; 0.01 for a quick run)')
    .requiredOption('--out <dir>', 'output folder')
    .action((opts: { scale: string; out: string }) => {
      try {
        const t0 = Date.now();
        if (!/^\d*\.?\d+(e[-+]?\d+)?$/i.test(opts.scale)) throw new Error(`tpcds gen: --scale '${opts.scale}' is not a number`);
        const tables = generateTpcds(Number(opts.scale), resolve(opts.out), (line) => process.stderr.write(line + '\n'));
        const rows = tables.reduce((a, t) => a + t.rows, 0);
        process.stdout.write(`Wrote ${tables.length} tables, ${rows} rows, to ${resolve(opts.out)} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
      } catch (e) {
        process.stderr.write(`Error: ${errorText(e)}\n`);
        process.exitCode = 1;
      }
    });
  program.parseAsync(argv).catch((e) => { process.stderr.write(`Error: ${errorText(e)}\n`); process.exitCode = 1; });
}
