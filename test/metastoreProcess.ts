// Starts `sluice metastore` (the built CLI) as a separate process on a free loopback port.
import { spawn, ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/sluice.js', import.meta.url));

export interface MetastoreProcess { uri: string; port: number; proc: ChildProcess; stop(): Promise<void> }

export function startMetastoreProcess(warehouse: string, port = 0, extra: string[] = []): Promise<MetastoreProcess> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [BIN, 'metastore', '--port', String(port), '--warehouse', warehouse, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`metastore did not start: ${err}`)); }, 20_000);
    proc.stderr!.on('data', (d) => { err += d; });
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (thrift:\/\/[\d.]+:(\d+))/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          uri: m[1], port: Number(m[2]), proc,
          stop: () => new Promise((res) => { if (proc.exitCode !== null) return res(); proc.once('exit', () => res()); proc.kill('SIGKILL'); }),
        });
      }
    });
    proc.once('exit', (code) => { clearTimeout(timer); reject(new Error(`metastore exited with ${code}: ${err}`)); });
  });
}
