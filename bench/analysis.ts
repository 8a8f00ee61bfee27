// Analysis speed on generated model code: the target is ≤ 20 ms per 1,000 lines, linear.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as source from '../src/core/analyze';

/** Measure the bundle the extension ships (npm run bench builds it first); the sources otherwise. */
const bundle = join(__dirname, '../dist/core.js');
const { analyze } = (existsSync(bundle) ? require(bundle) : source) as typeof source;
const wasmDir = existsSync(bundle) ? join(__dirname, '../dist') : undefined;

/** A realistic block of NumPy model code with its own names, repeated to reach a size. */
function block(i: number): string[] {
  return [
    `W1_${i} = np.random.randn(784, 128) * 0.01`,
    `b1_${i} = np.zeros(128)`,
    `W2_${i} = np.random.randn(128, 10) * 0.01`,
    `h_${i} = np.maximum(0, X @ W1_${i} + b1_${i})`,
    `scores_${i} = h_${i} @ W2_${i}`,
    `shifted_${i} = scores_${i} - scores_${i}.max(axis=1, keepdims=True)`,
    `probs_${i} = np.exp(shifted_${i}) / np.sum(np.exp(shifted_${i}), axis=1, keepdims=True)`,
    `loss_${i} = -np.mean(np.log(probs_${i}[np.arange(N), y]))`,
    `dscores_${i} = probs_${i}.copy()`,
    `dW2_${i} = h_${i}.T @ dscores_${i}`,
  ];
}

export function generateModel(lines: number): string {
  const out = ['import numpy as np', 'N = 64', 'X = np.random.randn(N, 784)', 'y = np.random.randint(0, 10, N)'];
  for (let i = 0; out.length < lines; i++) out.push(...block(i));
  return out.slice(0, lines).join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Median time of `runs` analyses once warm: the editor analyses the same file again at
 * every pause in typing, so the steady state is what a user waits for. The first analysis
 * (JIT compiling, the parser's wasm starting) is returned apart.
 */
export async function timeAnalysis(text: string, runs: number, warmup = 5): Promise<{ median: number; first: number }> {
  const t0 = performance.now();
  await analyze(text, { language: 'python', wasmDir });
  const first = performance.now() - t0;
  for (let w = 1; w < warmup; w++) await analyze(text, { language: 'python', wasmDir });
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    await analyze(text, { language: 'python', wasmDir });
    times.push(performance.now() - t);
  }
  return { median: median(times), first };
}

export async function benchAnalysis(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const lines of [100, 1000, 10000]) {
    const { median: ms, first } = await timeAnalysis(generateModel(lines), lines >= 10000 ? 5 : 15, lines >= 10000 ? 2 : 5);
    out[`analysis_ms_${lines}_lines`] = Number(ms.toFixed(2));
    out[`analysis_ms_${lines}_lines_first_run`] = Number(first.toFixed(2));
  }
  out.analysis_ms_per_1000_lines = out.analysis_ms_1000_lines;
  // Linear growth: the 10,000-line file should cost about ten 1,000-line files.
  out.analysis_growth_10k_over_1k = Number((out.analysis_ms_10000_lines / out.analysis_ms_1000_lines).toFixed(2));
  return out;
}
