import type { StructureClass } from './types';

/**
 * The class of a concrete pattern, for ops known only by enumeration (indexing, conv,
 * reshape) and composites through them. Patterns cannot see values, so a pattern with one
 * entry per row and column is only called a permutation when the caller knows the values
 * are ones; blocks are found as the largest equal partition that holds every nonzero.
 */
export function classifyPattern(nonzeros: readonly (readonly [number, number])[], rows: number, cols: number, onesValued = false): { structure: StructureClass; blocks?: { count: number; rows: number; cols: number } } {
  const nnz = nonzeros.length;
  if (nnz === 0) return { structure: 'zero' };
  if (rows === cols && nonzeros.every(([i, j]) => i === j)) return { structure: 'diagonal' };
  if (nnz === rows * cols) return { structure: 'dense' };
  if (nnz === rows && rows === cols && onePerLine(nonzeros, rows)) return { structure: onesValued ? 'permutation' : 'sparse' };
  for (let b = Math.min(rows, cols); b >= 2; b--) {
    if (rows % b !== 0 || cols % b !== 0) continue;
    const br = rows / b;
    const bc = cols / b;
    if (nonzeros.every(([i, j]) => Math.floor(i / br) === Math.floor(j / bc))) return { structure: 'block-diagonal', blocks: { count: b, rows: br, cols: bc } };
  }
  return { structure: 'sparse' };
}

function onePerLine(nonzeros: readonly (readonly [number, number])[], n: number): boolean {
  const rows = new Uint8Array(n);
  const cols = new Uint8Array(n);
  for (const [i, j] of nonzeros) {
    if (rows[i]++ || cols[j]++) return false;
  }
  return true;
}
