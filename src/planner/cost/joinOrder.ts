// Cost-based join ordering. Each tree of inner joins is flattened into its relations and
// conjuncts and rebuilt: by dynamic programming over connected subsets (bushy trees,
// relations joined only through a predicate) for up to DP_LIMIT relations, greedily
// beyond (start with the cheapest connected pair, then add the relation that keeps the
// intermediate result smallest). In each join the side estimated smaller is the build
// (right) side. A graph whose relations are not all connected is completed with cross
// joins, smallest first.
import { BExpr, columnsOf, conjunction, splitConjuncts } from '../boundExpr.js';
import { LogicalPlan, childrenOf } from '../logicalPlan.js';
import { estimate } from './cardinality.js';
import { joinCost, planCost } from './costModel.js';
import { withChildren } from '../logicalPlan.js';

const DP_LIMIT = 10;

interface Entry { plan: LogicalPlan; cost: number; rows: number }

export function reorderJoins(p: LogicalPlan): LogicalPlan {
  if (p.op === 'join' && p.kind === 'inner') {
    const leaves: LogicalPlan[] = [];
    const conds: BExpr[] = [];
    const collect = (x: LogicalPlan) => {
      if (x.op === 'join' && x.kind === 'inner') {
        if (x.cond) conds.push(...splitConjuncts(x.cond));
        collect(x.left); collect(x.right);
      } else leaves.push(reorderJoins(x));
    };
    collect(p);
    if (leaves.length > 30) return p; // beyond a bit mask; keep the order pushdown chose
    const ordered = leaves.length <= DP_LIMIT ? dynamicProgramming(leaves, conds) : greedy(leaves, conds);
    const same = ordered.fields.length === p.fields.length && ordered.fields.every((f, i) => f.id === p.fields[i].id);
    return same ? ordered : { op: 'project', input: ordered, exprs: p.fields.map((f) => ({ k: 'col', id: f.id, type: f.type })), fields: p.fields };
  }
  return withChildren(p, childrenOf(p).map(reorderJoins));
}

/** Which relations (as bits) each conjunct reads. */
function condMasks(leaves: LogicalPlan[], conds: BExpr[]): number[] {
  const owner = new Map<number, number>();
  leaves.forEach((l, i) => l.fields.forEach((f) => owner.set(f.id, i)));
  return conds.map((c) => {
    let m = 0;
    for (const id of columnsOf(c)) { const o = owner.get(id); if (o !== undefined) m |= 1 << o; }
    return m;
  });
}

function join(a: Entry, b: Entry, cond: BExpr | null): LogicalPlan {
  // The smaller side is built into the hash table.
  const [probe, build] = a.rows >= b.rows ? [a, b] : [b, a];
  return { op: 'join', kind: 'inner', left: probe.plan, right: build.plan, cond, fields: [...probe.plan.fields, ...build.plan.fields] };
}

function leafEntry(p: LogicalPlan): Entry {
  return { plan: p, cost: planCost(p), rows: estimate(p).rows };
}

function dynamicProgramming(leaves: LogicalPlan[], conds: BExpr[]): LogicalPlan {
  const n = leaves.length;
  const masks = condMasks(leaves, conds);
  const full = (1 << n) - 1;
  const run = (allowCross: boolean): Map<number, Entry> => {
    const best = new Map<number, Entry>();
    leaves.forEach((l, i) => best.set(1 << i, leafEntry(l)));
    const bySize: number[][] = Array.from({ length: n + 1 }, () => []);
    for (let m = 1; m <= full; m++) bySize[popcount(m)].push(m);
    for (let size = 2; size <= n; size++) {
      for (const m of bySize[size]) {
        let bestHere: { e1: Entry; e2: Entry; cond: BExpr[]; cost: number } | null = null;
        let rows = -1;
        // Each split once: the part holding the lowest bit is s1.
        const low = m & -m;
        for (let s1 = (m - 1) & m; s1 > 0; s1 = (s1 - 1) & m) {
          if (!(s1 & low)) continue;
          const s2 = m ^ s1;
          const e1 = best.get(s1), e2 = best.get(s2);
          if (!e1 || !e2) continue;
          const applied: BExpr[] = [];
          let connects = false;
          masks.forEach((cm, k) => {
            if ((cm & m) !== cm || (cm & s1) === cm || (cm & s2) === cm) return;
            applied.push(conds[k]);
            if (cm & s1 && cm & s2) connects = true;
          });
          if (!connects && !allowCross) continue;
          if (rows < 0) rows = estimate(join(e1, e2, conjunction(applied))).rows;
          const [big, small] = e1.rows >= e2.rows ? [e1, e2] : [e2, e1];
          const cost = e1.cost + e2.cost + joinCost(big.rows, small.rows, rows);
          if (!bestHere || cost < bestHere.cost) bestHere = { e1, e2, cond: applied, cost };
        }
        if (bestHere) {
          const plan = join(bestHere.e1, bestHere.e2, conjunction(bestHere.cond));
          best.set(m, { plan, cost: bestHere.cost, rows: estimate(plan).rows });
        }
      }
    }
    return best;
  };
  const best = run(false).get(full) ?? run(true).get(full)!;
  return withLeftovers(best.plan, conds, masks, full);
}

function greedy(leaves: LogicalPlan[], conds: BExpr[]): LogicalPlan {
  const n = leaves.length;
  const masks = condMasks(leaves, conds);
  const entries = leaves.map(leafEntry);
  const full = (1 << n) - 1;
  // Conjuncts that join `added` to the rest of `m`.
  const joining = (m: number, added: number) => conds.filter((_, k) => (masks[k] & m) === masks[k] && (masks[k] & added) !== 0 && (masks[k] & (m ^ added)) !== 0);
  let seed: { mask: number; plan: LogicalPlan; rows: number } | null = null;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const cs = joining((1 << i) | (1 << j), 1 << j);
      if (cs.length === 0) continue;
      const plan = join(entries[i], entries[j], conjunction(cs));
      const rows = estimate(plan).rows;
      if (!seed || rows < seed.rows) seed = { mask: (1 << i) | (1 << j), plan, rows };
    }
  }
  if (!seed) {
    let big = 0;
    entries.forEach((e, i) => { if (e.rows > entries[big].rows) big = i; });
    seed = { mask: 1 << big, plan: leaves[big], rows: entries[big].rows };
  }
  let mask = seed.mask;
  let current: Entry = leafEntry(seed.plan);
  while (mask !== full) {
    let pick: { i: number; plan: LogicalPlan; rows: number; connected: boolean } | null = null;
    for (let i = 0; i < n; i++) {
      if (mask & (1 << i)) continue;
      const cs = joining(mask | (1 << i), 1 << i);
      const plan = join(current, entries[i], conjunction(cs));
      const rows = estimate(plan).rows;
      const connected = cs.length > 0;
      if (!pick || (connected && !pick.connected) || (connected === pick.connected && rows < pick.rows)) pick = { i, plan, rows, connected };
    }
    mask |= 1 << pick!.i;
    current = leafEntry(pick!.plan);
  }
  return withLeftovers(current.plan, conds, masks, full);
}

/** Conjuncts no join applied (they read no relation, or only columns from outside). */
function withLeftovers(plan: LogicalPlan, conds: BExpr[], masks: number[], full: number): LogicalPlan {
  const used = new Set<BExpr>();
  const walk = (p: LogicalPlan) => { if (p.op === 'join') { if (p.cond) splitConjuncts(p.cond).forEach((c) => used.add(c)); walk(p.left); walk(p.right); } };
  walk(plan);
  const rest = conds.filter((c, k) => !used.has(c) && (masks[k] & full) === masks[k]);
  const cond = conjunction(rest);
  return cond ? { op: 'filter', input: plan, cond, fields: plan.fields } : plan;
}

function popcount(m: number): number { let c = 0; while (m) { m &= m - 1; c++; } return c; }
