// Timing helpers the benchmarks share: a percentile of samples, one timed call, a p50 over runs.

/** The value at quantile `q` (0…1) of the samples, nearest rank. */
export const percentile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

/** Durations of `runs` calls of `run`, after one untimed warm-up call. */
export async function durationsOf(run: () => Promise<unknown>, runs: number): Promise<number[]> {
  await run();
  const durations: number[] = [];
  for (let i = 0; i < runs; i++) durations.push((await timed(run)).ms);
  return durations;
}
