// Sub-plan reuse above exchanges. The job graph computes identical sub-plans once when they
// sit right below an exchange; one that sits inside a stage instead — q47's window over
// the monthly sales, read three times by self-joins — would run once per reference. Such a
// sub-plan gets a FORWARD exchange on top of each reference: the copies are then identical
// inputs of exchanges, computed by one stage, and each subtask's rows go to the consumer's
// subtask of the same index, so the partitioning the consumers rely on is kept.
//
// Only where both stages run with the default parallelism (a FORWARD edge pairs subtasks
// one to one): the shared part reads hashed or rebalanced inputs and no table, and the stage
// it is taken from has no table scan, VALUES or singleton input. And only for work worth
// writing out: a join, aggregate, window or sort above the shared part's own exchanges.
import { ExchangeNode, LogicalPlan, childrenOf, withChildren } from './logicalPlan.js';
import { planDigest } from './subplanDigest.js';

export function forwardRepeatedSubplans(plan: LogicalPlan): LogicalPlan {
  // Pass 1: where each sub-plan could be taken out, by digest.
  const eligible = new Map<string, number>();
  const find = (p: LogicalPlan, stageOk: boolean, belowExchange: boolean): void => {
    if (p.op === 'exchange') { find(p.input, stageAccepts(p.input), true); return; }
    if (!belowExchange && stageOk && worthSharing(p)) {
      const d = planDigest(p);
      eligible.set(d, (eligible.get(d) ?? 0) + 1);
    }
    for (const c of childrenOf(p)) find(c, stageOk, false);
  };
  find(plan, stageAccepts(plan), false);
  // Pass 2: a forward exchange over each copy of a sub-plan taken out at least twice.
  const shared = new Set([...eligible].filter(([, n]) => n >= 2).map(([d]) => d));
  if (shared.size === 0) return plan;
  const wrap = (p: LogicalPlan, stageOk: boolean, belowExchange: boolean): LogicalPlan => {
    if (p.op === 'exchange') return { ...p, input: wrap(p.input, stageAccepts(p.input), true) };
    // The same conditions as pass 1 (worthSharing follows from the digest). A part of p
    // used more often than p itself (q47: the window three times, the projection over it
    // twice) is the one to share.
    if (!belowExchange && stageOk && shared.has(planDigest(p)) && !usedMoreOftenBelow(p, eligible.get(planDigest(p))!, eligible)) {
      const fwd: ExchangeNode = { op: 'exchange', distribution: 'forward', keys: [], input: p, fields: p.fields };
      return fwd;
    }
    return withChildren(p, childrenOf(p).map((c) => wrap(c, stageOk, false)));
  };
  return wrap(plan, stageAccepts(plan), false);
}

function usedMoreOftenBelow(p: LogicalPlan, uses: number, eligible: Map<string, number>): boolean {
  return stageOf(p).ops.some((o) => o !== p && (eligible.get(planDigest(o)) ?? 0) > uses);
}

/** The operators of the stage rooted at `root` (down to its exchanges) and those exchanges. */
function stageOf(root: LogicalPlan): { ops: LogicalPlan[]; inputs: ExchangeNode[] } {
  const ops: LogicalPlan[] = [], inputs: ExchangeNode[] = [];
  const walk = (p: LogicalPlan) => {
    if (p.op === 'exchange') { inputs.push(p); return; }
    ops.push(p);
    childrenOf(p).forEach(walk);
  };
  walk(root);
  return { ops, inputs };
}

/** A stage that runs with the default parallelism whatever is taken out of it. */
function stageAccepts(root: LogicalPlan): boolean {
  const { ops, inputs } = stageOf(root);
  return !ops.some((o) => o.op === 'scan' || o.op === 'values') && !inputs.some((i) => i.distribution === 'singleton');
}

/** A sub-plan whose own stage part runs with the default parallelism and does real work. */
function worthSharing(p: LogicalPlan): boolean {
  const { ops, inputs } = stageOf(p);
  return stageAccepts(p) && inputs.some((i) => i.distribution !== 'broadcast')
    && ops.some((o) => o.op === 'join' || o.op === 'aggregate' || o.op === 'window' || o.op === 'sort');
}
