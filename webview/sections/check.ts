/**
 * Check results: per hand-written gradient the verdict, the mistake, the errors, and for
 * a wrong one its worst elements and a heat map of analytic − numeric; the precision and
 * tolerances the referee used are stated above the table.
 */
import type { CheckPayload, GradientCheck, SourceRange, Verdict } from '../../src/protocol/messages';
import { divergingColor, maxAbsOf } from '../lib/colorScale';
import { formatNumber, formatPlace } from '../lib/format';
import { rasterizeDense } from '../lib/raster';
import { elementLabel } from '../lib/vecIndex';
import { button, h, icon } from '../dom';
import { activatableRow } from '../rows';
import { readCanvasTheme } from '../theme';
import { divergingLegend } from './legend';
import { matrixCanvas } from './matrixCanvas';

export interface CheckContext {
  reveal(range: SourceRange): void;
  check(): void;
  onThemeChange(refresh: () => void): void;
}

export const VERDICT_ICON: Record<Verdict, string> = { correct: 'pass', wrong: 'error', unchecked: 'circle-slash' };

export function renderCheck(c: CheckPayload | null, ctx: CheckContext): HTMLElement {
  if (!c) {
    return h(
      'div',
      { class: 'empty' },
      h('p', { text: 'Run Check Gradients on a forward pass with hand-written backward code to compare it with autodiff.' }),
      button('Check Gradients', 'beaker', ctx.check),
    );
  }
  // Details for a wrong gradient that has something to show beyond its row.
  const wrong = c.gradients.filter((g) => g.verdict === 'wrong' && (g.worst.length > 0 || g.heatmap));
  return h(
    'div',
    { class: 'check' },
    summary(c),
    c.message ? h('p', { class: 'note', text: c.message }) : null,
    c.gradients.length ? table(c.gradients, ctx) : null,
    ...wrong.map((g) => details(g, ctx)),
  );
}

function summary(c: CheckPayload): HTMLElement {
  const count = (v: Verdict) => c.gradients.filter((g) => g.verdict === v).length;
  const parts: string[] = [];
  if (c.document) parts.push(c.document.name);
  if (c.loss) parts.push(`loss ${c.loss}`);
  parts.push(`${count('correct')} correct, ${count('wrong')} wrong, ${count('unchecked')} unchecked`);
  if (c.check) parts.push(`${c.check.precision}, rtol ${formatNumber(c.check.rtol)}, atol ${formatNumber(c.check.atol)}`, `${Math.round(c.check.ms)} ms`);
  return h('p', { class: 'summary', text: parts.join(' · ') });
}

/** The factor is what the hand-written gradient must be multiplied by to be right. */
export function verdictText(g: GradientCheck): string {
  if (g.verdict !== 'wrong') return g.verdict;
  if (g.mistake === 'scaled' && g.factor !== null) return `wrong: scaled (× ${formatNumber(g.factor)} fixes it)`;
  return g.mistake && g.mistake !== 'wrong' ? `wrong: ${g.mistake}` : 'wrong';
}

function table(gradients: GradientCheck[], ctx: CheckContext): HTMLElement {
  const head = h('thead', {}, h('tr', {}, ...['Gradient', 'Line', 'Verdict', 'Max abs err', 'Max rel err'].map((t) => h('th', { text: t, attrs: { scope: 'col' } }))));
  const body = h('tbody');
  for (const g of gradients) {
    const row = h(
      'tr',
      { class: `verdict-${g.verdict}${g.message ? ' has-message' : ''}` },
      h('td', { class: 'name' }, icon(VERDICT_ICON[g.verdict], g.verdict), h('span', { text: ` ${g.name}` }), g.wrt ? h('span', { class: 'dim', text: ` ∂/∂${g.wrt}` }) : null),
      h('td', { class: 'num', text: g.range ? (g.range.cell === null ? String(g.range.line) : `${g.range.line} (cell ${g.range.cell + 1})`) : '' }),
      h('td', {}, h('span', { class: `verdict ${g.verdict}`, text: verdictText(g) })),
      h('td', { class: 'num', text: formatNumber(g.maxAbsError, 2) }),
      h('td', { class: 'num', text: formatNumber(g.maxRelError, 2) }),
    );
    const range = g.range;
    if (range) activatableRow(row, `${g.name}: ${verdictText(g)}, ${formatPlace(range)}. ${g.message}`, () => ctx.reveal(range));
    body.appendChild(row);
    // The message spans the table: in a narrow panel a column of it would be a tower of words.
    if (g.message) body.appendChild(h('tr', { class: 'message-row', attrs: { 'aria-hidden': 'true' } }, h('td', { text: g.message, attrs: { colspan: 5 } })));
  }
  return h('table', { class: 'grid check-table' }, head, body);
}

function details(g: GradientCheck, ctx: CheckContext): HTMLElement {
  return h(
    'div',
    { class: 'check-detail' },
    h('h4', {}, icon('error', 'wrong'), h('span', { text: ` ${g.name}: ${verdictText(g)}` })),
    g.worst.length ? worstTable(g) : null,
    g.heatmap ? heatmap(g, ctx) : null,
  );
}

function worstTable(g: GradientCheck): HTMLElement {
  const head = h('thead', {}, h('tr', {}, ...['Element', 'Analytic', 'Numeric', 'Analytic − numeric'].map((t) => h('th', { text: t, attrs: { scope: 'col' } }))));
  const body = h(
    'tbody',
    {},
    ...g.worst.map((w) =>
      h(
        'tr',
        {},
        h('td', { class: 'mono', text: elementLabel(g.name, w.index) }),
        h('td', { class: 'num', text: formatNumber(w.analytic, 4) }),
        h('td', { class: 'num', text: formatNumber(w.numeric, 4) }),
        h('td', { class: 'num', text: w.analytic === null || w.numeric === null ? '—' : formatNumber(w.analytic - w.numeric, 3) }),
      ),
    ),
  );
  return h('table', { class: 'grid worst-table' }, h('caption', { text: 'Worst elements' }), head, body);
}

function heatmap(g: GradientCheck, ctx: CheckContext): HTMLElement {
  const m = g.heatmap!;
  const maxAbs = maxAbsOf(m.values);
  const legend = divergingLegend('analytic − numeric', maxAbs, () => readCanvasTheme().diverging);
  const pooled = m.rowStride > 1 || m.colStride > 1;
  const picture = matrixCanvas({
    rows: m.rows,
    cols: m.cols,
    raster: rasterizeDense(m.rows, m.cols, m.values),
    colorOf: (theme, _count, value) => divergingColor(value, maxAbs, theme.diverging),
    rowAxis: `rows of ${g.name}, ${m.shape[0] ?? 1}${pooled ? ` (${m.rowStride} per cell)` : ''}`,
    rowAxisShort: 'rows',
    colAxis: `columns of ${g.name}, ${m.shape.length > 1 ? m.shape.slice(1).reduce((a, b) => a * b, 1) : (m.shape[0] ?? 1)}${pooled ? ` (${m.colStride} per cell)` : ''} →`,
    describe: (row, col) => {
      const v = m.values[row * m.cols + col];
      const where = pooled
        ? `${g.name}[${row * m.rowStride}…${Math.min(m.shape[0] ?? 1, (row + 1) * m.rowStride) - 1}, ${col * m.colStride}…${(col + 1) * m.colStride - 1}] (largest)`
        : elementLabel(g.name, m.shape.length > 1 ? [row, col] : [col]);
      return `${where}: analytic − numeric = ${formatNumber(v ?? null, 3)}`;
    },
    label: `Heat map of analytic minus numeric for ${g.name}`,
    hint: `analytic − numeric over ${g.name} (${m.shape.join(' × ')}). Hover, or focus and use the arrow keys, to read a cell.`,
    legend: legend.element,
  });
  ctx.onThemeChange(() => {
    picture.refresh();
    legend.refresh();
  });
  return picture.element;
}
