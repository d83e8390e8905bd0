// The Hive dialect front end: all TPC-DS material parses into the AST; errors point at
// line:column and name the offending token.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScript } from '../src/sql/hiveParser.js';
import { substituteVariables } from '../src/sql/variables.js';
import { splitStatements } from '../src/sql/scriptSplitter.js';
import { SHARED } from './helpers.js';

const vars = { hivevar: { DB: 'tpcds', LOCATION: '/data', FILE: 'orc', SOURCE: 'tpcds_text' }, hiveconf: () => undefined, env: {} };

describe('parsing the TPC-DS material', () => {
  const dirs = ['tpcds/queries', 'tpcds/ddl/text', 'tpcds/ddl/partitioned'];
  for (const d of dirs) {
    it(`parses every file in ${d}`, () => {
      const files = readdirSync(join(SHARED, d)).filter((f) => f.endsWith('.sql'));
      expect(files.length).toBeGreaterThan(0);
      let statements = 0;
      for (const f of files) {
        const text = substituteVariables(readFileSync(join(SHARED, d, f), 'utf8'), vars);
        const parsed = parseScript(text);
        expect(parsed.length, f).toBeGreaterThan(0);
        statements += parsed.length;
      }
      if (d === 'tpcds/queries') expect(files.length).toBe(99);
      expect(statements).toBeGreaterThanOrEqual(files.length);
    });
  }

  it('reads the hive-testbench multi-insert as one statement with two targets', () => {
    const text = substituteVariables(readFileSync(join(SHARED, 'tpcds/ddl/partitioned/store_sales.sql'), 'utf8'), vars);
    const ins = parseScript(text).map((p) => p.statement).find((s) => s.kind === 'insert');
    expect(ins?.kind).toBe('insert');
    if (ins?.kind !== 'insert') return;
    expect(ins.targets).toHaveLength(2);
    expect(ins.targets.every((t) => t.target.overwrite && t.target.partition?.[0].name === 'ss_sold_date_sk' && t.target.partition[0].value === undefined)).toBe(true);
  });

  it('turns date arithmetic, CASE, IN, BETWEEN and LIKE into AST nodes', () => {
    const [p] = parseScript("select case when a in (1, 2) then 'x' end, cast('2000-01-01' as date) + 14 days from t where b between 1 and 2 and c not like 'a%'");
    const q = p.statement;
    expect(q.kind).toBe('query');
    if (q.kind !== 'query' || q.query.body.kind !== 'select') return;
    const items = q.query.body.items.map((i) => i.expr.kind);
    expect(items).toEqual(['case', 'binary']);
    const where = q.query.body.where!;
    expect(where.kind).toBe('binary');
  });
});

describe('parse errors', () => {
  it('report line:column and the offending token', () => {
    expect(() => parseScript('select a,\n  b frm t')).toThrow(/line 2:\d+/);
    expect(() => parseScript('select * from t where')).toThrow(/syntax error.*line 1:\d+/);
    expect(() => parseScript("select 1;\n\ncreate tabel x (a int)")).toThrow(/tabel.*line 3:8|line 3:\d+/);
  });

  it('positions are relative to the whole script', () => {
    const st = splitStatements('select 1;\n  select * frm x;');
    expect(st[1]).toMatchObject({ line: 2, col: 3 });
  });
});

describe('variable substitution', () => {
  it('handles ${var}, ${hivevar:var}, ${env:VAR} and leaves unknown ones', () => {
    const v = { hivevar: { DB: 'd1' }, hiveconf: (k: string) => (k === 'x.y' ? 'z' : undefined), env: { HOME: '/h' } };
    expect(substituteVariables('use ${DB}; ${hivevar:DB} ${env:HOME} ${hiveconf:x.y} ${nope}', v)).toBe('use d1; d1 /h z ${nope}');
  });
});
