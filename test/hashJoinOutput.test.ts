// A hash join told which columns its parent reads gathers only those: the same rows as
// the full join's output, projected, for every join type and with a residual condition.
import { describe, expect, it } from 'vitest';
import { DataType } from '../src/types/dataType.js';
import { Batch, getValue } from '../src/exec/vector.js';
import { drain } from '../src/exec/operators/operator.js';
import { BatchesSource } from '../src/exec/operators/values.js';
import { HashJoin, HashJoinSpec, PhysicalJoinType } from '../src/exec/operators/hashJoin.js';
import { CompiledFilter } from '../src/exec/exprCompiler.js';

const INT: DataType = { id: 'int' };
const STRING: DataType = { id: 'string' };
const TYPES = [INT, INT, STRING];

/** key, value, label; key NULL where given as null. */
function batch(rows: [number | null, number, string][]): Batch {
  const keys = new Int32Array(rows.length), nulls = new Uint8Array(rows.length);
  rows.forEach(([k], i) => { if (k === null) nulls[i] = 1; else keys[i] = k; });
  return {
    columns: [
      { type: INT, values: keys, nulls },
      { type: INT, values: Int32Array.from(rows.map((r) => r[1])), nulls: null },
      { type: STRING, values: rows.map((r) => r[2]), nulls: null },
    ],
    length: rows.length,
  };
}
const PROBE = batch([[1, 10, 'a'], [2, 20, 'b'], [2, 5, 'c'], [null, 7, 'd'], [4, 1, 'e']]);
const BUILD = batch([[2, 15, 'x'], [2, 30, 'y'], [3, 0, 'z'], [null, 0, 'n'], [1, 99, 'w']]);

/** Keeps candidate pairs whose probe value is below their build value. */
const probeBelowBuild: CompiledFilter = (b) => {
  const sel = new Int32Array(b.length);
  let count = 0;
  const p = b.columns[1].values as Int32Array, q = b.columns[4].values as Int32Array;
  for (let i = 0; i < b.length; i++) if (p[i] < q[i]) sel[count++] = i;
  return { sel, count };
};

function joined(spec: HashJoinSpec): { types: DataType[]; rows: unknown[][] } {
  const op = new HashJoin(new BatchesSource([PROBE], TYPES), new BatchesSource([BUILD], TYPES), spec);
  const rows: unknown[][] = [];
  for (const b of drain(op)) for (let i = 0; i < b.length; i++) rows.push(b.columns.map((c) => (c.nulls?.[i] ? null : getValue(c, i))));
  return { types: op.types, rows: rows.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))) };
}

describe('HashJoin output columns', () => {
  const kinds: PhysicalJoinType[] = ['inner', 'left', 'full', 'semi', 'anti'];
  for (const type of kinds) {
    for (const residual of [null, probeBelowBuild]) {
      it(`${type} join${residual ? ' with a residual' : ''}: only the named columns, the same rows`, () => {
        const base: HashJoinSpec = { type, probeKeys: [0], buildKeys: [0], residual };
        const full = joined(base);
        const keepsBuild = type !== 'semi' && type !== 'anti';
        // Leave out both keys and reorder nothing: probe label, probe value, build label.
        const output = { probe: [1, 2], build: [2] };
        const narrow = joined({ ...base, output });
        const picked = [...output.probe, ...(keepsBuild ? output.build.map((c) => 3 + c) : [])];
        expect(narrow.types).toEqual(picked.map((c) => full.types[c]));
        const expected = full.rows.map((r) => picked.map((c) => r[c])).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
        expect(narrow.rows).toEqual(expected);
        expect(full.rows.length).toBeGreaterThan(0);
      });
    }
  }
});

describe('the physical planner', () => {
  it("gives a join only the columns its parent reads: not the keys a projection drops", async () => {
    const { Session } = await import('../src/session/session.js');
    const { parseStatement } = await import('../src/sql/hiveParser.js');
    const { splitStatements } = await import('../src/sql/scriptSplitter.js');
    const { buildOperator } = await import('../src/planner/physicalPlanner.js');
    const { tempDir, removeDir, run, rows } = await import('./helpers.js');
    const dir = tempDir();
    const s = new Session({ warehouse: dir });
    try {
      run(s, "create table emp (id int, name string, dept int); create table dept (id int, dname string);"
        + " insert into emp values (1, 'ann', 10), (2, 'bob', 20), (3, 'cid', 10); insert into dept values (10, 'sales'), (20, 'eng')");
      const sql = 'select e.name, d.dname from emp e join dept d on e.dept = d.id';
      const st = parseStatement(splitStatements(sql)[0]);
      if (st.kind !== 'query') throw new Error(`not a query: ${st.kind}`);
      const { plan } = s.planQuery(st.query);
      const joins: number[] = [];
      const out = buildOperator(plan, { onOperator: (_node, op) => { if (op instanceof HashJoin) joins.push(op.types.length); return op; } });
      expect(joins).toEqual([2]);
      const got: unknown[][] = [];
      for (const b of drain(out)) for (let i = 0; i < b.length; i++) got.push(b.columns.map((c) => getValue(c, i)));
      expect(got.map((r) => r.join(' ')).sort()).toEqual(rows(s, sql).map((r) => r.join(' ')).sort());
      expect(got.length).toBe(3);
    } finally { s.close(); removeDir(dir); }
  });
});
