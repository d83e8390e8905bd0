// CREATE CATALOG name WITH ('type'='hive' | 'generic_in_memory', …): builds a catalog from
// Flink's catalog options. A hive catalog finds its metastore in 'hive.metastore.uris' or
// in hive-site.xml under 'hive-conf-dir', as Flink's HiveCatalog does.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { Catalog } from './catalog.js';
import { HiveCatalog } from './hiveCatalog.js';
import { GenericInMemoryCatalog } from './genericInMemoryCatalog.js';
import { catalogError } from '../errors.js';

export const DEFAULT_HIVE_VERSION = '3.1.3';

/** Reads hive-site.xml's properties. */
export function readHiveSite(confDir: string): Record<string, string> {
  const file = join(resolve(confDir), 'hive-site.xml');
  if (!existsSync(file)) throw catalogError(`hive-conf-dir ${confDir} has no hive-site.xml`);
  let doc;
  try {
    doc = new XMLParser({ parseTagValue: false }).parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw catalogError(`${file}: not valid XML: ${(e as Error).message}`);
  }
  const props = doc?.configuration?.property;
  const list = Array.isArray(props) ? props : props ? [props] : [];
  return Object.fromEntries(list.filter((p) => p && p.name !== undefined).map((p) => [String(p.name).trim(), String(p.value ?? '').trim()]));
}

/** Hive's time values: "600s", "1000ms", "2m", or a bare number in the key's default unit. */
export function durationMs(value: string | undefined, fallbackMs: number, defaultUnitMs: number): number {
  if (value === undefined || value === '') return fallbackMs;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|msec|s|sec|seconds?|m|min|minutes?|h|hours?)?\s*$/i.exec(value);
  if (!m) throw catalogError(`invalid duration '${value}'`);
  const unit = (m[2] ?? '').toLowerCase();
  const mult = unit.startsWith('ms') ? 1 : unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : unit.startsWith('h') ? 3_600_000 : defaultUnitMs;
  return Number(m[1]) * mult;
}

/** Metastore client settings from Hive configuration keys (options override hive-site.xml). */
export function metastoreClientSettings(conf: Record<string, string>) {
  return {
    timeoutMs: durationMs(conf['hive.metastore.client.socket.timeout'], 60_000, 1000),
    retries: Number(conf['hive.metastore.failure.retries'] ?? 1),
    retryDelayMs: durationMs(conf['hive.metastore.client.connect.retry.delay'], 1000, 1000),
    framed: conf['hive.metastore.thrift.framed.transport.enabled'] === 'true',
  };
}

/** hive.metastore.uris: a comma-separated list. */
export function metastoreUris(value: string | undefined): string[] {
  return (value ?? '').split(',').map((u) => u.trim()).filter(Boolean);
}

const KNOWN = new Set(['type', 'hive-conf-dir', 'hive-version', 'default-database', 'default-warehouse']);

export function createCatalog(name: string, options: Record<string, string>, warehouse: string): Catalog {
  const type = options.type;
  for (const k of Object.keys(options)) {
    if (!KNOWN.has(k) && !k.startsWith('hive.')) throw catalogError(`CREATE CATALOG ${name}: unknown option '${k}' (known: ${[...KNOWN].join(', ')}, hive.*)`);
  }
  if (type === 'generic_in_memory') return new GenericInMemoryCatalog(name, options['default-warehouse'] ?? warehouse, options['default-database'] ?? 'default');
  if (type !== 'hive') throw catalogError(`CREATE CATALOG ${name}: unsupported catalog type '${type ?? ''}' (supported: hive, generic_in_memory)`);
  const conf = { ...(options['hive-conf-dir'] ? readHiveSite(options['hive-conf-dir']) : {}), ...options };
  const uris = metastoreUris(conf['hive.metastore.uris']);
  if (!uris.length) throw catalogError(`CREATE CATALOG ${name}: no metastore URI; set 'hive.metastore.uris' or a 'hive-conf-dir' whose hive-site.xml sets it`);
  return new HiveCatalog({
    name, uris, hiveVersion: options['hive-version'] ?? DEFAULT_HIVE_VERSION, defaultDatabase: options['default-database'], ...metastoreClientSettings(conf),
  });
}
