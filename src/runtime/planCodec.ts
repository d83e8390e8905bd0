// Ships plan fragments to TaskExecutor threads. Plans are plain data except the function
// definitions bound into them (scalar, aggregate and table functions carry code). Those
// are replaced by references — (module, name) for built-ins, the class name for user
// functions — and resolved again on the other side; the rest travels by structured clone
// (which keeps Maps, typed arrays, NaN and -0 that JSON would lose).
import type { FunctionDefinition } from '../module/functionDefinition.js';
import type { FunctionResolver } from '../module/functionResolver.js';
import type { LogicalPlan, ScanNode } from '../planner/logicalPlan.js';
import { kernelFunctions } from '../module/coreFunctions.js';
import { INTERNAL_AGGREGATES } from '../module/coreAggregates.js';
import type { MadeBy } from '../module/structField.js';

export type FunctionRef =
  | { module: string; name: string }
  | { kernel: string }
  | { udf: string; name: string }
  | { made: MadeBy }
  | { internal: string };

export class CannotShipError extends Error {}

/** Definitions of a session's loaded modules and user functions, by identity. */
export function functionRefs(functions: FunctionResolver): Map<object, FunctionRef> {
  const refs = new Map<object, FunctionRef>();
  for (const [name, f] of kernelFunctions()) refs.set(f, { kernel: name });
  for (const [name, f] of Object.entries(INTERNAL_AGGREGATES)) refs.set(f, { internal: name });
  for (const { module, name, definition } of functions.modules.definitions()) if (!refs.has(definition)) refs.set(definition, { module, name });
  for (const [name, f] of [...functions.temporarySystem, ...functions.temporaryCatalog]) refs.set(f.definition, { udf: f.className, name });
  for (const [key, d] of functions.loadedUserFunctions()) refs.set(d, { udf: key.slice(key.indexOf(':') + 1), name: key.slice(0, key.indexOf(':')) });
  return refs;
}

export function encodePlan(plan: LogicalPlan, refs: Map<object, FunctionRef>): unknown {
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'function') throw new CannotShipError(`the plan holds code at ${path} that is not a known function definition`);
    if (v === null || typeof v !== 'object') return v;
    const ref = refs.get(v) ?? ((v as { madeBy?: MadeBy }).madeBy ? { made: (v as { madeBy: MadeBy }).madeBy } : undefined);
    if (ref) return { $fn: ref };
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (ArrayBuffer.isView(v) || v instanceof Map || v instanceof Set || v instanceof Date) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries((v as LogicalPlan).op === 'scan' ? slimScan(v as ScanNode) : v)) out[k] = walk(x, `${path}.${k}`);
    return out;
  };
  return walk(plan, 'plan');
}

/** A TaskExecutor reads a scan's partitions' locations and values only: their parameters
 *  (basic statistics, DDL times) and the optimizer's column statistics stay behind. Each
 *  task's descriptor is copied to its thread, and a store_sales scan's 1,828 partitions
 *  with their parameters made that copy most of the cost of deploying a task. */
function slimScan(scan: ScanNode): ScanNode {
  const partitions = scan.partitions?.map((p) => ({ db: p.db, table: p.table, values: p.values, location: p.location, params: {}, createTime: p.createTime })) ?? null;
  return { ...scan, partitions, stats: undefined };
}

export function decodePlan(encoded: unknown, resolve: (ref: FunctionRef) => FunctionDefinition): LogicalPlan {
  const cache = new Map<string, FunctionDefinition>();
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    if (ArrayBuffer.isView(v) || v instanceof Map || v instanceof Set || v instanceof Date) return v;
    const o = v as Record<string, unknown>;
    if (o.$fn) {
      const ref = o.$fn as FunctionRef;
      const key = JSON.stringify(ref);
      let d = cache.get(key);
      if (!d) { d = resolve(ref); cache.set(key, d); }
      return d;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = walk(x);
    return out;
  };
  return walk(encoded) as LogicalPlan;
}
