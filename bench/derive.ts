// derive_ms: the seed's symbolic derivation (parse, reverse mode, simplification, steps,
// printers and the float64 check), median of repeated runs after warm-up. Target < 10 ms.
import { derive } from '../src/core/grad/index';

const SEED = '-sum(Y .* log(softmax(C*B*A)))';
const SHAPES = { A: [1024, 10], B: [1568, 1024], C: ['N', 1568], Y: ['N', 10] };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs: number): number {
  for (let i = 0; i < 5; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export async function benchDerive(): Promise<Record<string, number>> {
  const run = (assume: string[]) => () => {
    const r = derive(SEED, { wrt: 'C', shapes: SHAPES, assume });
    if (!r.ok) throw new Error(r.error);
  };
  return {
    derive_ms: Number(time(run(['rows of Y sum to 1']), 30).toFixed(2)),
    derive_general_ms: Number(time(run([]), 30).toFixed(2)),
  };
}

if (require.main === module) benchDerive().then((r) => console.log(r));
