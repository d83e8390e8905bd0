// Places exchanges in an optimized plan so it can run as parallel subtasks. Each operator
// states what distribution of rows it needs and the rule adds an exchange only where its
// input does not already have it:
//   aggregate with keys → hash on the keys; global aggregate → singleton; count, sum,
//                         min, max and avg aggregate locally first (two-phase)
//   join                → nothing when both sides are already hashed on matching key
//                         pairs; else broadcast the build side when it is estimated under
//                         table.optimizer.join.broadcast-threshold (and the join type keeps
//                         probe rows only), else hash both sides on the equi-join keys
//   sort / limit        → a local sort (top-n) or limit, then singleton and the final one
//   window              → hash on the PARTITION BY keys all calls share, else singleton
//   union               → rebalance each input (an aggregate above it runs its local
//                         phase in each input instead, before a hash exchange)
import { BExpr, col, columnsOf, splitConjuncts, substitute } from './boundExpr.js';
import { AggCall, Distribution, ExchangeNode, Field, LogicalPlan, newField } from './logicalPlan.js';
import { splitAggregates, splittable } from './aggregateSplit.js';
import { estimateRows, rowWidth } from './cost/cardinality.js';
import { exprKey } from './boundExpr.js';

export interface ExchangeOptions {
  /** Largest estimated build side (bytes) that is broadcast instead of hashed. */
  broadcastThreshold: number;
  /** table.optimizer.agg-phase-strategy: AUTO, ONE_PHASE or TWO_PHASE. */
  aggPhase?: string;
}

/**
 * Two-phase aggregation: each subtask aggregates its own rows first (count, sum, min,
 * max), the exchange moves one row per group and subtask, and the final aggregate merges
 * the partial results (counts and sums summed, minima and maxima again). AUTO does so
 * always: estimates of group counts over joined, correlated keys are too often far off
 * (q4, q67) to decide by, and a local phase that turns out not to reduce its input stops
 * grouping at run time (HashAggregate's partial mode).
 */
function twoPhase(p: LogicalPlan & { op: 'aggregate' }, input: LogicalPlan, opts: ExchangeOptions, distribution: 'hash' | 'singleton'): LogicalPlan | null {
  const mode = (opts.aggPhase ?? 'AUTO').toUpperCase();
  if (mode === 'ONE_PHASE') return null;
  if (!splittable(p.aggs)) return null;
  const localKeys = p.keys.map((k, i) => newField(p.fields[i].name, k.type));
  const { partialCalls: localAggs, partialFields: partials, merged } = splitAggregates(p.aggs);
  const local: LogicalPlan = { op: 'aggregate', input, keys: p.keys, aggs: localAggs, fields: [...localKeys, ...partials], partial: true };
  const keys = localKeys.map((f) => col(f.id, f.type));
  const shuffled = localBelowUnion(p, input, localAggs, [...localKeys, ...partials], distribution) ?? exchange(local, distribution, keys);
  // The () grouping set's row over no input at all is the final phase's to make; there a
  // count merged by sum would be NULL instead of 0.
  if (p.emptyInput && p.aggs.some((a) => a.fn === 'count')) {
    const out = p.fields.map((f) => newField(f.name, f.type, f.qualifier));
    const final: LogicalPlan = { op: 'aggregate', input: shuffled, keys, aggs: merged, fields: out, emptyInput: p.emptyInput };
    const exprs = out.map((f, i): BExpr => {
      const c = col(f.id, f.type);
      const a = i >= p.keys.length ? p.aggs[i - p.keys.length] : undefined;
      return a?.fn === 'count' ? { k: 'call', fn: 'coalesce', args: [c, { k: 'lit', value: 0, type: f.type }], type: f.type } : c;
    });
    return { op: 'project', input: final, exprs, fields: p.fields };
  }
  return { op: 'aggregate', input: shuffled, keys, aggs: merged, fields: p.fields, emptyInput: p.emptyInput };
}

/**
 * Over a UNION ALL (whose inputs place() rebalances), the local phase runs in each input
 * instead, before its exchange, and the exchanges move partial rows: one per group and
 * subtask instead of every input row (Calcite's AggregateUnionTransposeRule). q14's
 * average over the three channels' 2.9M sales lines then shuffles six rows.
 */
function localBelowUnion(p: LogicalPlan & { op: 'aggregate' }, input: LogicalPlan, localAggs: AggCall[], out: Field[], distribution: 'hash' | 'singleton'): LogicalPlan | null {
  if (input.op !== 'union' || !input.inputs.every((i) => i.op === 'exchange' && i.distribution === 'rebalance')) return null;
  const branches = input.inputs.map((ex) => {
    const branch = (ex as ExchangeNode).input;
    const byUnionField = new Map(input.fields.map((f, j): [number, BExpr] => [f.id, col(branch.fields[j].id, branch.fields[j].type)]));
    const fields = out.map((f) => newField(f.name, f.type));
    const local: LogicalPlan = {
      op: 'aggregate', input: branch, keys: p.keys.map((k) => substitute(k, byUnionField)),
      aggs: localAggs.map((a) => ({ ...a, args: a.args.map((x) => substitute(x, byUnionField)) })), fields, partial: true,
    };
    return exchange(local, distribution, fields.slice(0, p.keys.length).map((f) => col(f.id, f.type)));
  });
  return { op: 'union', inputs: branches, fields: out };
}

/** How a plan's rows lie across subtasks. Hashed rows are hashed on the columns `ids`;
 *  `also` lists other columns they are equally hashed on (after an inner join on them). */
type Dist = { kind: 'any' } | { kind: 'single' } | { kind: 'hash'; ids: number[]; also?: number[][] };
const hashedOn = (d: Dist & { kind: 'hash' }): number[][] => [d.ids, ...(d.also ?? [])];

const ANY: Dist = { kind: 'any' };
const SINGLE: Dist = { kind: 'single' };

function exchange(input: LogicalPlan, distribution: Distribution, keys: BExpr[] = []): ExchangeNode {
  return { op: 'exchange', input, distribution, keys, fields: input.fields };
}

/** Estimated bytes of a plan's output. */
export function estimateBytes(p: LogicalPlan): number {
  return estimateRows(p) * rowWidth(p);
}

const sameIds = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const colIds = (es: BExpr[]) => (es.every((e) => e.k === 'col') ? es.map((e) => (e as { id: number }).id) : null);

export function placeExchanges(plan: LogicalPlan, opts: ExchangeOptions): LogicalPlan {
  const place = (p: LogicalPlan): { plan: LogicalPlan; dist: Dist } => {
    switch (p.op) {
      case 'scan': return { plan: p, dist: ANY };
      case 'values': return { plan: p, dist: SINGLE };
      case 'exchange': throw new Error('internal: exchanges placed twice');
      case 'filter': case 'generate': {
        const i = place(p.input);
        return { plan: { ...p, input: i.plan } as LogicalPlan, dist: i.dist };
      }
      case 'expand': {
        const i = place(p.input);
        return { plan: { ...p, input: i.plan }, dist: i.dist.kind === 'single' ? SINGLE : ANY };
      }
      case 'project': {
        const i = place(p.input);
        let dist: Dist = i.dist.kind === 'single' ? SINGLE : ANY;
        if (i.dist.kind === 'hash') {
          const kept = hashedOn(i.dist).flatMap((ids) => {
            const mapped = ids.map((id) => p.exprs.findIndex((e) => e.k === 'col' && e.id === id));
            return mapped.every((k) => k >= 0) ? [mapped.map((k) => p.fields[k].id)] : [];
          });
          if (kept.length > 0) dist = { kind: 'hash', ids: kept[0], also: kept.slice(1) };
        }
        return { plan: { ...p, input: i.plan }, dist };
      }
      case 'aggregate': {
        const i = place(p.input);
        if (i.dist.kind === 'single') return { plan: { ...p, input: i.plan }, dist: SINGLE };
        if (p.keys.length === 0) return { plan: twoPhase(p, i.plan, opts, 'singleton') ?? { ...p, input: exchange(i.plan, 'singleton') }, dist: SINGLE };
        const outDist: Dist = { kind: 'hash', ids: p.fields.slice(0, p.keys.length).map((f) => f.id) };
        const keyIds = colIds(p.keys);
        if (i.dist.kind === 'hash' && keyIds && i.dist.ids.every((id) => keyIds.includes(id))) return { plan: { ...p, input: i.plan }, dist: outDist };
        const two = twoPhase(p, i.plan, opts, 'hash');
        if (two) return { plan: two, dist: outDist };
        return { plan: { ...p, input: exchange(i.plan, 'hash', p.keys) }, dist: outDist };
      }
      case 'join': {
        const l = place(p.left), r = place(p.right);
        if (l.dist.kind === 'single' && r.dist.kind === 'single') return { plan: { ...p, left: l.plan, right: r.plan }, dist: SINGLE };
        const { probeKeys, buildKeys } = joinKeys(p);
        const keepsProbeOnly = p.kind === 'inner' || p.kind === 'left' || p.kind === 'semi' || p.kind === 'anti';
        // Both sides already hashed on matching join keys (the same window's output joined
        // with itself, q47 and q57): rows that join meet in one subtask without any exchange.
        if (l.dist.kind === 'hash' && r.dist.kind === 'hash' && coPartitioned(l.dist, r.dist, probeKeys, buildKeys)) {
          const dist: Dist = p.kind === 'inner' ? { kind: 'hash', ids: l.dist.ids, also: [...(l.dist.also ?? []), ...hashedOn(r.dist)] } : keepsProbeOnly ? l.dist : ANY;
          return { plan: { ...p, left: l.plan, right: r.plan }, dist };
        }
        if (keepsProbeOnly && (probeKeys.length === 0 || estimateBytes(p.right) <= opts.broadcastThreshold)) {
          return { plan: { ...p, left: l.plan, right: exchange(r.plan, 'broadcast') }, dist: l.dist };
        }
        if (probeKeys.length === 0) {
          return { plan: { ...p, left: exchange(l.plan, 'singleton'), right: exchange(r.plan, 'singleton') }, dist: SINGLE };
        }
        const pIds = colIds(probeKeys), bIds = colIds(buildKeys);
        // A side already hashed on exactly these keys (by an earlier exchange, into the
        // same number of partitions with the same hash) is kept as it is.
        const left = l.dist.kind === 'hash' && pIds && sameIds(l.dist.ids, pIds) ? l.plan : exchange(l.plan, 'hash', probeKeys);
        const right = r.dist.kind === 'hash' && bIds && sameIds(r.dist.ids, bIds) ? r.plan : exchange(r.plan, 'hash', buildKeys);
        const dist: Dist = keepsProbeOnly && pIds ? { kind: 'hash', ids: pIds } : ANY;
        return { plan: { ...p, left, right }, dist };
      }
      case 'sort': {
        const i = place(p.input);
        if (i.dist.kind === 'single') return { plan: { ...p, input: i.plan }, dist: SINGLE };
        const local = p.limit !== undefined ? { ...p, input: i.plan } : i.plan;
        return { plan: { ...p, input: exchange(local, 'singleton') }, dist: SINGLE };
      }
      case 'limit': {
        const i = place(p.input);
        if (i.dist.kind === 'single') return { plan: { ...p, input: i.plan }, dist: SINGLE };
        return { plan: { ...p, input: exchange({ ...p, input: i.plan }, 'singleton') }, dist: SINGLE };
      }
      case 'window': {
        const i = place(p.input);
        if (i.dist.kind === 'single') return { plan: { ...p, input: i.plan }, dist: SINGLE };
        // Rows of one partition of any call agree on the keys every call partitions by, so
        // hashing on those keeps each call's partitions whole (q47: (category, brand,
        // store, company, year) and (category, brand, store, company) hash on the four).
        const common = p.calls[0].partitionBy.filter((e) => p.calls.every((c) => c.partitionBy.some((x) => exprKey(x) === exprKey(e))));
        if (common.length === 0) return { plan: { ...p, input: exchange(i.plan, 'singleton') }, dist: SINGLE };
        // The window passes its input's columns through, so its rows stay hashed on them.
        const commonIds = colIds(common);
        return { plan: { ...p, input: exchange(i.plan, 'hash', common) }, dist: commonIds ? { kind: 'hash', ids: commonIds } : ANY };
      }
      case 'union': {
        const inputs = p.inputs.map(place);
        if (inputs.every((i) => i.dist.kind === 'single')) return { plan: { ...p, inputs: inputs.map((i) => i.plan) }, dist: SINGLE };
        return { plan: { ...p, inputs: inputs.map((i) => exchange(i.plan, 'rebalance')) }, dist: ANY };
      }
    }
  };
  return place(plan).plan;
}

/** Whether a join's two inputs are hashed alike on some of its key pairs: the left on
 *  columns l1…lk and the right on r1…rk, in that order, where each li = ri is a key pair.
 *  Equal keys then hash to the same partition on both sides. */
function coPartitioned(l: Dist & { kind: 'hash' }, r: Dist & { kind: 'hash' }, probeKeys: BExpr[], buildKeys: BExpr[]): boolean {
  const pairs = (lids: number[], rids: number[]) => lids.length === rids.length && lids.length > 0 &&
    lids.every((id, j) => probeKeys.some((pk, i) => pk.k === 'col' && pk.id === id && buildKeys[i].k === 'col' && (buildKeys[i] as { id: number }).id === rids[j]));
  return hashedOn(l).some((lids) => hashedOn(r).some((rids) => pairs(lids, rids)));
}

/** A join's condition split into equi-join key pairs (left side, right side) and the
 *  remaining conjuncts, which are checked on candidate pairs. */
export function joinKeys(p: LogicalPlan & { op: 'join' }): { probeKeys: BExpr[]; buildKeys: BExpr[]; residual: BExpr[] } {
  const leftIds = new Set(p.left.fields.map((f: Field) => f.id)), rightIds = new Set(p.right.fields.map((f: Field) => f.id));
  const within = (e: BExpr, ids: Set<number>) => { const c = columnsOf(e); return c.size > 0 && [...c].every((x) => ids.has(x)); };
  const probeKeys: BExpr[] = [], buildKeys: BExpr[] = [], residual: BExpr[] = [];
  for (const c of p.cond ? splitConjuncts(p.cond) : []) {
    if (c.k === 'call' && c.fn === 'eq') {
      const [a, b] = c.args;
      if (within(a, leftIds) && within(b, rightIds)) { probeKeys.push(a); buildKeys.push(b); continue; }
      if (within(b, leftIds) && within(a, rightIds)) { probeKeys.push(b); buildKeys.push(a); continue; }
    }
    residual.push(c);
  }
  return { probeKeys, buildKeys, residual };
}
