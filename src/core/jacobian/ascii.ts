import type { Pattern } from './types';

/** Larger pictures are shrunk to at most this many character cells. */
export const ASCII_MAX_ROWS = 32;
export const ASCII_MAX_COLS = 72;

const SHADES = [' ', '░', '▒', '▓', '█'];

/**
 * A sparsity picture in text: one character per entry when the matrix fits, else one per
 * block of entries shaded by the fraction of nonzeros in it. Rows are outputs, columns
 * inputs; the caption says how many entries a character stands for.
 */
export function asciiPattern(pattern: Pattern, rows: number, cols: number): { lines: string[]; caption: string } {
  const rstep = Math.max(1, Math.ceil(rows / ASCII_MAX_ROWS));
  const cstep = Math.max(1, Math.ceil(cols / ASCII_MAX_COLS));
  const h = Math.ceil(rows / rstep);
  const w = Math.ceil(cols / cstep);
  const counts = new Float64Array(h * w);
  for (const [i, j] of pattern.nonzeros) counts[Math.floor(i / rstep) * w + Math.floor(j / cstep)]++;
  const lines: string[] = [];
  for (let y = 0; y < h; y++) {
    let line = '';
    for (let x = 0; x < w; x++) {
      const cell = Math.min(rstep, rows - y * rstep) * Math.min(cstep, cols - x * cstep);
      const f = counts[y * w + x] / cell;
      line += rstep === 1 && cstep === 1 ? (f > 0 ? '█' : '·') : f === 0 ? '·' : SHADES[Math.max(1, Math.ceil(f * 4))];
    }
    lines.push(line);
  }
  const caption = rstep === 1 && cstep === 1 ? 'one character per entry: █ nonzero, · zero' : `one character per ${rstep}×${cstep} entries, shaded by the fraction of nonzeros (· none, ░ ▒ ▓ █ up to all)`;
  return { lines, caption };
}
