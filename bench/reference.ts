// A fixed piece of work in plain JavaScript, timed beside the figures: these machines share
// their hosts, and in some minutes the same code runs twice as slow as in others (the pure
// arithmetic loop stays steady; work that allocates, as an analysis does, does not). The
// reference makes a slow minute visible in the figures it was measured with.

/** Allocates small objects and arrays and keeps some of them, as an analysis does. */
function allocatingWork(): number {
  let kept: { a: number; b: number[]; c: string }[] = [];
  let total = 0;
  for (let i = 0; i < 200_000; i++) {
    kept.push({ a: i, b: [i, i + 1], c: `x${i & 255}` });
    if (kept.length > 40_000) {
      total += kept.length;
      kept = [];
    }
  }
  return total + kept.length;
}

/** The fastest of `runs` timings of the fixed work, in ms. */
export function referenceMs(runs = 5): number {
  let best = Infinity;
  let sink = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    sink += allocatingWork();
    best = Math.min(best, performance.now() - t);
  }
  if (sink < 0) throw new Error('unreachable');
  return best;
}
