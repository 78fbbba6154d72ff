import { describe, expect, it } from 'vitest';
import { covers, mergeRange } from './download.service.ts';

describe('served ranges of a download', () => {
  it('merge overlapping and touching ranges, in any order, and cover the file only without gaps', () => {
    let ranges = mergeRange([], [1000, 5000]);
    expect(covers(ranges, 5000)).toBe(false);
    ranges = mergeRange(ranges, [0, 500]);
    expect(ranges).toEqual([
      [0, 500],
      [1000, 5000],
    ]);
    expect(covers(ranges, 5000)).toBe(false);
    ranges = mergeRange(ranges, [400, 1000]);
    expect(ranges).toEqual([[0, 5000]]);
    expect(covers(ranges, 5000)).toBe(true);
  });
});
