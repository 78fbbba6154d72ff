import { describe, expect, it } from 'vitest';
import { backoffDelay } from './delivery.worker.ts';

describe('backoffDelay', () => {
  it('doubles from the base delay and stops at the cap', () => {
    expect([1, 2, 3, 4, 5].map((attempts) => backoffDelay(attempts, 1_000, 10_000))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
  });
});
