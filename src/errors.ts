// One error type for everything a user can get wrong; the client prints it as one line.
import type { Pos } from './sql/ast.js';

export type ErrorKind = 'parse' | 'validation' | 'unsupported' | 'catalog' | 'execution' | 'io';

export class SluiceError extends Error {
  constructor(readonly kind: ErrorKind, message: string, readonly pos?: Pos) {
    super(pos ? `${message} at line ${pos.line}:${pos.col}` : message);
    this.name = 'SluiceError';
  }
}

export const parseError = (m: string, pos?: Pos) => new SluiceError('parse', m, pos);
export const validationError = (m: string, pos?: Pos) => new SluiceError('validation', m, pos);
export const unsupported = (construct: string, pos?: Pos) => new SluiceError('unsupported', `unsupported: ${construct}`, pos);
export const catalogError = (m: string) => new SluiceError('catalog', m);
export const executionError = (m: string) => new SluiceError('execution', m);

/** Names close to `name` (edit distance ≤ 2 or a shared prefix), for "did you mean" hints. */
export function nearby(name: string, candidates: Iterable<string>, max = 5): string[] {
  const n = name.toLowerCase();
  const scored: [number, string][] = [];
  for (const c of candidates) {
    const d = editDistance(n, c.toLowerCase());
    if (d <= 2 || c.toLowerCase().startsWith(n.slice(0, 3))) scored.push([d, c]);
  }
  return scored.sort((a, b) => a[0] - b[0]).slice(0, max).map((x) => x[1]);
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
