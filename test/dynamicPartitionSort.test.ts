// table.exec.hive.sink.sort-by-dynamic-partition.enable: rows reach the writer sorted by
// partition so one file is open at a time; results are the same as without the sort.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from '../src/session/session.js';
import { StagingWriter } from '../src/warehouse/stagingWriter.js';
import { formatOfStorage } from '../src/formats/storageFormat.js';
import { T } from '../src/types/dataType.js';
import { removeDir, rows, run, tempDir } from './helpers.js';
import type { Batch } from '../src/exec/vector.js';

const ints = (rowsIn: number[][]): Batch => ({
  length: rowsIn.length,
  columns: [0, 1].map((c) => ({ type: T.int, values: Int32Array.from(rowsIn.map((r) => r[c])), nulls: null })),
});

let wh: string;
let s: Session;
beforeEach(() => { wh = tempDir(); s = new Session({ warehouse: wh }); });
afterEach(() => { s.close(); removeDir(wh); });

describe('dynamic partition inserts sorted by partition', () => {
  it('write the same partitions and rows with the sort on (default) and off', () => {
    run(s, 'set hive.exec.dynamic.partition.mode=nonstrict');
    // 40 partitions whose rows arrive interleaved (k = id % 40), 10,000 rows.
    run(s, 'create table digit as select explode(array(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)) as d');
    run(s, 'create table src as select a.d * 1000 + b.d * 100 + c.d * 10 + e.d as id, (a.d * 1000 + b.d * 100 + c.d * 10 + e.d) % 40 as k from digit a, digit b, digit c, digit e');
    const load = (name: string) => {
      run(s, `create table ${name} (id int) partitioned by (k int) stored as orc`);
      run(s, `insert overwrite table ${name} partition (k) select id, k from src`);
      return { parts: rows(s, `show partitions ${name}`), data: rows(s, `select k, count(*), sum(id) from ${name} group by k order by k`) };
    };
    const sorted = load('t_sorted');
    run(s, "set 'table.exec.hive.sink.sort-by-dynamic-partition.enable'='false'");
    const unsorted = load('t_unsorted');
    expect(sorted.parts).toHaveLength(40);
    expect(sorted).toEqual(unsorted);
    expect(readdirSync(join(wh, 't_sorted', 'k=7'))).toEqual(['000000_0']);
  });

  it('a sorted writer refuses a partition that comes back after it was closed, naming it', () => {
    const dir = tempDir();
    try {
      run(s, 'create table t (id int) partitioned by (k int) stored as orc');
      const format = { format: formatOfStorage(s.catalog.getTable('default', 't')!.sd), columns: [{ name: 'id', type: T.int }], serdeParams: {}, props: () => undefined };
      const w = new StagingWriter(join(dir, 'staging'), ['k'], [], 1, format, 100, true);
      w.write(ints([[1, 1], [2, 1], [3, 2]]));
      expect(() => w.write(ints([[4, 1]]))).toThrow(/rows of partition k=1 arrived after the partition was closed/);
      w.abort();
    } finally { removeDir(dir); }
  });
});
