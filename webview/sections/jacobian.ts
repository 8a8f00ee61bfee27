/**
 * Jacobian structure, for the whole chain with respect to a chosen input and for each
 * operation: its size as a formula and at the current dims, its class, its formula, the
 * vec order it is written in, its density, and a sparsity picture (rows = outputs,
 * columns = inputs) coloured by value where the values are known.
 */
import type { JacobianEntry, JacobianPayload } from '../../src/protocol/messages';
import { divergingColor, maxAbsOf, mix } from '../lib/colorScale';
import { formatCount, formatJacobianSize, formatNumber, formatPercent, formatShape } from '../lib/format';
import { rasterizePattern, patternLookup } from '../lib/raster';
import { elementLabel, unravel } from '../lib/vecIndex';
import { h } from '../dom';
import { math } from '../math';
import { activatableRow } from '../rows';
import { nameSelect } from '../select';
import { readCanvasTheme } from '../theme';
import { divergingLegend } from './legend';
import { matrixCanvas } from './matrixCanvas';

export interface JacobianContext {
  selectWrt(wrt: string): void;
  selectEntry(id: string): void;
  /** Canvases register here to repaint when the theme changes. */
  onThemeChange(refresh: () => void): void;
}

const CLASS_NOTES: Record<string, string> = {
  zero: 'all zeros: the output does not depend on this input',
  diagonal: 'each output element depends on one input element (an elementwise map)',
  permutation: 'the elements are only rearranged (a transpose or a reshape)',
  'block-diagonal': 'independent blocks along the diagonal (one per row for a row-wise softmax)',
  kronecker: 'a Kronecker product: the structure of a matrix product',
  'diagonal-plus-low-rank': 'a diagonal plus a low-rank term, such as Diag(s) − ssᵀ',
  sparse: 'sparse, without a simpler structure',
  dense: 'every output element depends on every input element',
};

const VEC_NOTES = {
  'row-major': 'vec stacks the rows (row-major, NumPy’s order)',
  'column-major': 'vec stacks the columns (column-major, as in the matrix-calculus literature)',
} as const;

export function renderJacobian(j: JacobianPayload | null, selected: string | null, ctx: JacobianContext): HTMLElement {
  if (!j) return h('div', { class: 'empty' }, h('p', { text: 'Analyze code that ends in a computation to see the structure of its Jacobians.' }));
  const entries = [...(j.chain ? [j.chain] : []), ...j.perOp];
  const current = entries.find((e) => e.id === selected) ?? entries[0] ?? null;
  return h(
    'div',
    { class: 'jacobian' },
    h('div', { class: 'row' }, j.wrtOptions.length > 1 ? nameSelect(`Whole chain ∂vec(${j.of}) with respect to`, j.wrtOptions, j.wrt, ctx.selectWrt) : null),
    j.message ? h('p', { class: 'note', text: j.message }) : null,
    entries.length ? entryTable(entries, current, j, ctx) : null,
    current ? detail(current, j.dims.length ? `at ${j.dims.map((d) => `${d.name} = ${d.value}`).join(', ')}` : 'at the current dims', ctx) : null,
  );
}

function entryTable(entries: JacobianEntry[], current: JacobianEntry | null, j: JacobianPayload, ctx: JacobianContext): HTMLElement {
  const head = h('thead', {}, h('tr', {}, ...['Jacobian', 'Size', 'Class', 'Density'].map((t) => h('th', { text: t, attrs: { scope: 'col' } }))));
  const body = h('tbody');
  for (const e of entries) {
    const size = formatJacobianSize(e.rowsFormula, e.colsFormula, e.rows, e.cols);
    const isChain = e === j.chain;
    const row = h(
      'tr',
      { class: e === current ? 'selected' : '', attrs: { 'aria-selected': e === current ? 'true' : 'false' } },
      h('td', {}, h('span', { class: isChain ? 'chain-tag' : 'op-tag', text: isChain ? 'chain' : (e.op ?? 'op') }), h('span', { text: ` ${e.title.text}` })),
      h('td', { class: 'mono nowrap', text: size.formula }),
      h('td', { class: 'nowrap', text: e.structure }),
      h('td', { class: 'num', text: formatPercent(e.density) }),
    );
    body.appendChild(activatableRow(row, `${e.title.text}: ${e.structure}, ${size.formula}`, () => ctx.selectEntry(e.id)));
  }
  return h('table', { class: 'grid jacobian-table' }, head, body);
}

function detail(e: JacobianEntry, at: string, ctx: JacobianContext): HTMLElement {
  const size = formatJacobianSize(e.rowsFormula, e.colsFormula, e.rows, e.cols);
  const facts: [string, HTMLElement | string][] = [
    ['Size', h('span', {}, h('code', { text: size.formula }), size.concrete ? h('span', { class: 'dim', text: ` = ${size.concrete} ${at}` }) : null)],
    ['Class', h('span', {}, h('strong', { text: e.structure }), CLASS_NOTES[e.structure] ? h('span', { class: 'dim', text: ` — ${CLASS_NOTES[e.structure]}` }) : null)],
    ...(e.blocks ? [['Blocks', e.blocks] as [string, string]] : []),
    ['Formula', h('span', { title: e.formula.text }, math(e.formula.latex, false))],
    ['Vec order', VEC_NOTES[e.vec]],
    ['Density', densityText(e)],
    ['Shapes', `${e.outputName} ${formatShape(e.outputShape)} w.r.t. ${e.inputName} ${formatShape(e.inputShape)}`],
  ];
  return h(
    'div',
    { class: 'jacobian-detail' },
    h('div', { class: 'jacobian-title' }, math(e.title.latex, true)),
    h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)])),
    e.note ? h('p', { class: 'note', text: e.note }) : null,
    e.pattern ? sparsity(e, ctx) : null,
    e.patternNote ? h('p', { class: 'note', text: e.patternNote }) : null,
  );
}

function densityText(e: JacobianEntry): string {
  const base = formatPercent(e.density);
  if (!e.pattern) return base;
  const total = e.pattern.rows * e.pattern.cols;
  return `${base} (${formatCount(e.pattern.nonzeros.length)} nonzeros of ${formatCount(total)} in the picture)`;
}

function sparsity(e: JacobianEntry, ctx: JacobianContext): HTMLElement {
  const p = e.pattern!;
  const raster = rasterizePattern(p.rows, p.cols, p.nonzeros, p.values);
  const maxAbs = p.values ? maxAbsOf(p.values) : 0;
  const lookup = patternLookup(p.cols, p.nonzeros, p.values);
  const legend = p.values && maxAbs > 0 ? divergingLegend('value', maxAbs, () => readCanvasTheme().diverging) : null;
  const picture = matrixCanvas({
    rows: p.rows,
    cols: p.cols,
    raster,
    colorOf: (theme, count, value) => {
      if (count === 0) return theme.cell;
      if (value === null || maxAbs === 0) return p.values ? mix(theme.cell, theme.foreground, 0.35) : mix(theme.cell, theme.foreground, 0.85);
      return divergingColor(value, maxAbs, { ...theme.diverging, zero: mix(theme.cell, theme.foreground, 0.35) });
    },
    rowAxis: `outputs: vec(${e.outputName}), ${formatCount(p.rows)} rows`,
    rowAxisShort: 'outputs',
    colAxis: `inputs: vec(${e.inputName}), ${formatCount(p.cols)} columns →`,
    describe: (row, col) => {
      const out = elementLabel(e.outputName, unravel(row, p.outputShape, e.vec));
      const inp = elementLabel(e.inputName, unravel(col, p.inputShape, e.vec));
      const hit = lookup(row, col);
      const what = !hit ? 'structural zero' : hit.value === null ? 'nonzero' : `value ${formatNumber(hit.value, 4)}`;
      return `row ${row} = ${out}, column ${col} = ${inp}: ${what}`;
    },
    label: `Sparsity pattern of ${e.title.text}: ${p.rows} rows (outputs) by ${p.cols} columns (inputs), ${e.structure}`,
    hint: `Drawn with ${e.outputName} ${formatShape(p.outputShape)} and ${e.inputName} ${formatShape(p.inputShape)}. Hover, or focus and use the arrow keys, to read a cell; Ctrl+wheel, + and − zoom.`,
    legend: legend?.element,
  });
  ctx.onThemeChange(() => {
    picture.refresh();
    legend?.refresh();
  });
  return picture.element;
}
