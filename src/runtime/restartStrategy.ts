// Flink's restart strategies: how many failures a job survives and how long it waits
// before restarting. Keys: restart-strategy (or restart-strategy.type) = fixed-delay |
// failure-rate | none, with restart-strategy.fixed-delay.attempts / .delay and
// restart-strategy.failure-rate.max-failures-per-interval / .failure-rate-interval / .delay.
export interface RestartStrategy {
  name: string;
  /** failures: times of every failure so far (the last one is the current failure). */
  canRestart(failures: number[], now: number): { ok: true; delayMs: number } | { ok: false; why: string };
}

export function fixedDelay(attempts: number, delayMs: number): RestartStrategy {
  return {
    name: 'fixed-delay',
    canRestart: (f) => (f.length <= attempts ? { ok: true, delayMs } : { ok: false, why: `restart-strategy fixed-delay allows ${attempts} restart${attempts === 1 ? '' : 's'}, exhausted` }),
  };
}

export function failureRate(maxFailures: number, intervalMs: number, delayMs: number): RestartStrategy {
  return {
    name: 'failure-rate',
    canRestart: (f, now) => {
      const recent = f.filter((t) => now - t <= intervalMs).length;
      return recent <= maxFailures ? { ok: true, delayMs } : { ok: false, why: `restart-strategy failure-rate: ${recent} failures within ${intervalMs / 1000} s exceed ${maxFailures}` };
    },
  };
}

export const noRestart: RestartStrategy = { name: 'none', canRestart: () => ({ ok: false, why: 'restart-strategy is none' }) };
