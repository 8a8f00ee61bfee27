/** How the panel writes shapes and numbers; pure so it can be tested in Node. */
import type { Dim, Shape } from '../../src/protocol/messages';

/** 2*N is written 2·N, as the core's own messages do. */
export function formatDim(d: Dim): string {
  return typeof d === 'number' ? String(d) : d.replace(/\*/g, '·');
}

export function formatShape(shape: Shape | null): string {
  if (!shape) return '(unknown)';
  if (shape.length === 0) return '()';
  if (shape.length === 1) return `(${formatDim(shape[0])},)`;
  return `(${shape.map(formatDim).join(', ')})`;
}

/** 1568 → "1,568": parameter counts and Jacobian sizes get large. */
export function formatCount(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return n < 0 ? `-${grouped}` : grouped;
}

/** Errors and values span many magnitudes: fixed notation in the middle, exponents outside. */
export function formatNumber(x: number | null, digits = 3): string {
  if (x === null) return '—';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e5) {
    const [m, e] = x.toExponential(digits - 1).split('e');
    return `${m.replace(/\.?0+$/, '')}e${e.replace('+', '')}`;
  }
  const s = x.toPrecision(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

export function formatPercent(fraction: number | null): string {
  if (fraction === null) return '—';
  if (fraction === 0) return '0%';
  const p = fraction * 100;
  return `${p >= 1 ? formatNumber(Math.round(p * 10) / 10, 3) : formatNumber(p, 2)}%`;
}

/** "10N × 1568N", plus the size at the current dims when it is known and differs. */
export function formatJacobianSize(
  rowsFormula: string,
  colsFormula: string,
  rows: number | null,
  cols: number | null,
): { formula: string; concrete: string | null } {
  // A formula without symbols is a plain count: group its digits like the concrete size.
  const side = (f: string) => (/^\d+$/.test(f) ? formatCount(Number(f)) : formatDim(f));
  const formula = `${side(rowsFormula)} × ${side(colsFormula)}`;
  if (rows === null || cols === null) return { formula, concrete: null };
  const concrete = `${formatCount(rows)} × ${formatCount(cols)}`;
  return { formula, concrete: concrete === formula ? null : concrete };
}

/** "(N, 1568), (1568, 1024) → (N, 1024)". */
export function formatSignature(inputs: { shape: Shape | null }[], output: Shape | null): string {
  const ins = inputs.map((i) => formatShape(i.shape)).join(', ');
  return ins ? `${ins} → ${formatShape(output)}` : formatShape(output);
}

/** Where a range is, as the messages say it: `line 7`, or `line 3 of cell 2` in a notebook (cells counted from 1). */
export function formatPlace(range: { cell: number | null; line: number }): string {
  return range.cell === null ? `line ${range.line}` : `line ${range.line} of cell ${range.cell + 1}`;
}

/** The cell column of a table: the cell counted from 1, or nothing in a file. */
export function formatCell(range: { cell: number | null }): string {
  return range.cell === null ? '' : String(range.cell + 1);
}
