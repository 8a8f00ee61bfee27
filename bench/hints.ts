// Inlay hints: what the editor pays per request once a file is analysed.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as source from '../src/core/index';
import { generateModel } from './analysis';

const bundle = join(__dirname, '../dist/core.js');
const core = (existsSync(bundle) ? require(bundle) : source) as typeof source;
const wasmDir = existsSync(bundle) ? join(__dirname, '../dist') : undefined;

const RUNS = 21;
/** Untimed runs first: the first hints of a process are made by code not yet compiled. */
const WARM = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * The hints of a 1,000-line file, computed from its analysis (the first request after an
 * analysis; later ones read them from a cache). Each run times a fresh analysis' hints, with
 * symbolic sizes (the batch is a symbol) so that every label goes through the size algebra.
 */
export async function benchHints(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, text] of [
    ['hints_ms_1000_lines', generateModel(1000)],
    ['hints_ms_1000_lines_symbolic', generateModel(1000, { symbolic: true })],
  ] as const) {
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < WARM + RUNS; i++) {
      const analysis = await core.analyze(text, { language: 'python', wasmDir });
      const t = performance.now();
      count = core.shapeHints(analysis).length;
      if (i >= WARM) times.push(performance.now() - t);
    }
    out[name] = Number(median(times).toFixed(3));
    out[`${name}_count`] = count;
  }
  return out;
}
