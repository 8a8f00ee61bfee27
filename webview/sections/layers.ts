/**
 * Layers: the chain diagram and a table of every assignment in order (name, operation,
 * input shapes → output shape, parameters, line). A row click or Enter reveals its code;
 * rows with shape problems carry the problem's icon and message.
 */
import type { AnalysisPayload, LayerRow, ProblemItem, Severity, SourceRange } from '../../src/protocol/messages';
import { formatCell, formatCount, formatPlace, formatShape } from '../lib/format';
import { button, h, icon } from '../dom';
import { activatableRow } from '../rows';
import { chainDiagram } from './chainDiagram';

export interface LayersContext {
  reveal(range: SourceRange): void;
  analyze(): void;
}

const SEVERITY_ICON: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'info' };
const worst = (marks: { severity: Severity }[]): Severity | null =>
  marks.some((m) => m.severity === 'error') ? 'error' : marks.some((m) => m.severity === 'warning') ? 'warning' : marks.length ? 'info' : null;

export function renderLayers(a: AnalysisPayload | null, ctx: LayersContext): HTMLElement {
  if (!a || (a.layers.length === 0 && a.problems.length === 0)) {
    return h(
      'div',
      { class: 'empty' },
      h('p', { text: a ? 'No layers found in the analysed code.' : 'Select model code and run Analyze Selection to see its layers.' }),
      button('Analyze Selection', 'play', ctx.analyze),
    );
  }
  return h(
    'div',
    { class: 'layers' },
    summary(a),
    unattached(a, ctx),
    a.chain.length >= 2 ? chainDiagram(a.chain, ctx.reveal) : null,
    a.layers.length ? table(a.layers, ctx) : null,
  );
}

function summary(a: AnalysisPayload): HTMLElement {
  const parts: string[] = [];
  if (a.document) parts.push(a.document.name);
  if (a.lines) parts.push(a.lines.start === a.lines.end ? `line ${a.lines.start}` : `lines ${a.lines.start}–${a.lines.end}`);
  parts.push(`${a.layers.length} layer${a.layers.length === 1 ? '' : 's'}`);
  const errors = a.problems.filter((p) => p.severity === 'error').length;
  const warnings = a.problems.filter((p) => p.severity === 'warning').length;
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (a.bindings.length) parts.push(a.bindings.map((b) => `${b.name} = ${b.value}`).join(', '));
  if (a.ms !== null) parts.push(`${a.ms < 10 ? a.ms.toFixed(1) : Math.round(a.ms)} ms`);
  return h('p', { class: 'summary', text: parts.join(' · ') });
}

/** Problems no row shows (a cycle, an unsupported call): listed above the table, clickable. */
function unattached(a: AnalysisPayload, ctx: LayersContext): HTMLElement | null {
  const covered = new Set(a.layers.flatMap((l) => l.marks.map((m) => m.message)));
  const rest = a.problems.filter((p) => !covered.has(p.message));
  if (!rest.length) return null;
  return h('ul', { class: 'problems' }, ...rest.map((p) => problemItem(p, ctx)));
}

function problemItem(p: ProblemItem, ctx: LayersContext): HTMLElement {
  const li = h('li', { class: `problem ${p.severity}`, attrs: { tabindex: 0, role: 'button' } }, icon(SEVERITY_ICON[p.severity]), h('span', { text: ` ${p.message}` }), h('span', { class: 'line', text: ` ${formatPlace(p.range)}` }));
  li.addEventListener('click', () => ctx.reveal(p.range));
  li.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      ctx.reveal(p.range);
    }
  });
  return li;
}

function table(layers: LayerRow[], ctx: LayersContext): HTMLElement {
  // A notebook's layers name their cell too.
  const inCells = layers.some((l) => l.range.cell !== null);
  const head = h('thead', {}, h('tr', {}, ...[...(inCells ? ['Cell'] : []), 'Line', 'Name', 'Operation', 'Shapes', 'Params'].map((t) => h('th', { text: t, attrs: { scope: 'col' } }))));
  const body = h('tbody');
  for (const layer of layers) {
    const severity = worst(layer.marks);
    const shapes = h(
      'td',
      { class: 'shapes' },
      ...layer.inputs.flatMap((input, i) => [
        i > 0 ? h('span', { class: 'sep', text: ', ' }) : null,
        h('span', { class: 'operand', text: input.name }),
        ' ',
        h('code', { text: formatShape(input.shape) }),
      ]),
      layer.inputs.length ? h('span', { class: 'arrow', text: ' → ' }) : null,
      h('code', { class: 'output', text: formatShape(layer.shape) }),
      ...layer.marks.map((m) => h('div', { class: `mark ${m.severity}` }, icon(SEVERITY_ICON[m.severity]), h('span', { text: ` ${m.message}` }))),
    );
    const row = h(
      'tr',
      { class: severity ? `has-${severity}` : '' },
      inCells ? h('td', { class: 'num cell', text: formatCell(layer.range) }) : null,
      h('td', { class: 'num', text: String(layer.range.line) }),
      h('td', { class: 'name' }, severity ? icon(SEVERITY_ICON[severity], severity) : null, h('span', { text: layer.name })),
      h('td', { class: 'op', text: layer.op }),
      shapes,
      h('td', { class: 'num', text: layer.params === null ? '' : formatCount(layer.params) }),
    );
    const label = `${layer.name} = ${layer.op}, ${formatShape(layer.shape)}, ${formatPlace(layer.range)}${severity ? `, ${layer.marks.length} problem(s)` : ''}`;
    body.appendChild(activatableRow(row, label, () => ctx.reveal(layer.range)));
  }
  return h('table', { class: 'grid layer-table' }, head, body);
}
