// A hash join within a memory grant. The build input is buffered; if it fits, the
// in-memory HashJoin runs over it. If it outgrows the grant, both inputs are
// hash-partitioned on their keys into spill files (grace hash join) and each pair of
// partitions is joined the same way, recursing with a different hash on partitions still
// too large. Every join type stays correct partition by partition, since rows can only
// match within the partition of their key. Past MAX_LEVEL (a key with more rows than the
// grant holds) the partition is joined in memory: skew, not size, is then the problem.
import { DataType } from '../../types/dataType.js';
import { Batch, gatherBatch } from '../vector.js';
import { Operator } from './operator.js';
import { HashJoin, HashJoinSpec, joinOutputTypes } from './hashJoin.js';
import { BatchesSource } from './values.js';
import { MemoryGrant, SpillFile } from '../spill/spillManager.js';
import { batchBytes } from '../batchBytes.js';
import { partitionRows, splitByPartition } from '../../shuffle/keyHash.js';
import { SourcesOperator } from './fileSource.js';

const FANOUT = 16;
const MAX_LEVEL = 3;

export class SpillingHashJoin implements Operator {
  readonly types: DataType[];
  private current: Operator | null = null;
  private pairs: { probe: SpillFile; build: SpillFile }[] | null = null;

  constructor(private readonly probe: Operator, private readonly build: Operator, private readonly spec: HashJoinSpec,
    private readonly memory: MemoryGrant, private readonly level = 0) {
    this.types = joinOutputTypes(spec, probe.types, build.types);
  }

  private start(): void {
    const buffered: Batch[] = [];
    let bytes = 0;
    const canSpill = this.spec.buildKeys.length > 0 && this.level < MAX_LEVEL;
    for (let b = this.build.next(); b; b = this.build.next()) {
      if (b.length === 0) continue;
      buffered.push(b);
      bytes += batchBytes(b);
      if (canSpill && bytes > this.memory.bytes) { this.partition(buffered); return; }
    }
    this.build.close();
    this.current = new HashJoin(this.probe, new BatchesSource(buffered, this.build.types), this.spec);
  }

  private partition(buffered: Batch[]): void {
    const seed = 101 + this.level;
    const builds = this.split(this.build, buffered, this.spec.buildKeys, seed, 'build');
    const probes = this.split(this.probe, [], this.spec.probeKeys, seed, 'probe');
    this.pairs = builds.map((b, i) => ({ build: b, probe: probes[i] }));
  }

  private split(input: Operator, first: Batch[], keys: number[], seed: number, side: string): SpillFile[] {
    const files = Array.from({ length: FANOUT }, (_, p) => this.memory.spill.create(input.types, `join-${side}-l${this.level}-p${p}`));
    const write = (b: Batch) => {
      const pids = partitionRows(keys.map((k) => b.columns[k]), b.length, FANOUT, seed);
      splitByPartition(pids, b.length, FANOUT).forEach((idx, p) => { if (idx.length) files[p].writer.write(gatherBatch(b, idx)); });
    };
    first.forEach(write);
    for (let b = input.next(); b; b = input.next()) if (b.length) write(b);
    input.close();
    files.forEach((f) => f.finish());
    return files;
  }

  next(): Batch | null {
    if (this.current === null && this.pairs === null) this.start();
    for (;;) {
      if (this.current) {
        const b = this.current.next();
        if (b) return b;
        this.current.close();
        this.current = null;
      }
      const pair = this.pairs?.shift();
      if (!pair) return null;
      const probe = new SourcesOperator(this.probe.types, [() => pair.probe.open()]);
      const build = new SourcesOperator(this.build.types, [() => pair.build.open()]);
      this.current = new SpillingHashJoin(probe, build, this.spec, this.memory, this.level + 1);
    }
  }

  close(): void {
    this.current?.close();
    this.probe.close();
    this.build.close();
    for (const p of this.pairs ?? []) { p.probe.discard(); p.build.discard(); }
    this.pairs = [];
  }
}
