/**
 * The chain as a picture: one box per step (C → ·B → ·A → softmax → cross-entropy) with
 * the tensor's shape on every edge. SVG built node by node; boxes with a source range
 * are focusable and reveal their code on click or Enter.
 */
import type { ChainNode, SourceRange } from '../../src/protocol/messages';
import { layoutChain, type ChainItem } from '../lib/chainLayout';
import { formatPlace, formatShape } from '../lib/format';
import { clear, h, s } from '../dom';

let measureContext: CanvasRenderingContext2D | null = null;

/** Text widths from the fonts the SVG will use (the CSS sets the same ones). */
function measurer(host: Element): (text: string, kind: 'label' | 'edge') => number {
  measureContext ??= document.createElement('canvas').getContext('2d');
  const style = getComputedStyle(host);
  const family = style.getPropertyValue('--vscode-font-family') || 'sans-serif';
  const mono = style.getPropertyValue('--vscode-editor-font-family') || 'monospace';
  return (text, kind) => {
    if (!measureContext) return text.length * 7;
    measureContext.font = kind === 'label' ? `600 12px ${family}` : `11px ${mono}`;
    return measureContext.measureText(text).width;
  };
}

export function chainDiagram(nodes: ChainNode[], reveal: (range: SourceRange) => void): HTMLElement {
  const container = h('div', { class: 'chain', attrs: { role: 'group', 'aria-label': 'The computation as a chain, with the shape on every edge' } });
  const items: ChainItem[] = nodes.map((n, i) => ({
    label: n.label,
    edge: n.shape ? formatShape(n.shape) : null,
    kind: i === 0 || n.op === 'input' ? 'input' : 'op',
  }));
  let lastWidth = -1;
  const draw = (width: number) => {
    if (Math.abs(width - lastWidth) < 1) return;
    lastWidth = width;
    clear(container);
    const layout = layoutChain(items, width, measurer(container));
    const svg = s('svg', { class: 'chain-svg', width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}` });
    svg.appendChild(
      s('defs', {}, s('marker', { id: 'chain-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'chain-arrow-head' }))),
    );
    for (const e of layout.edges) {
      svg.appendChild(s('polyline', { class: 'chain-edge', points: e.points.map((p) => p.join(',')).join(' '), 'marker-end': 'url(#chain-arrow)' }));
      if (e.label) svg.appendChild(s('text', { class: 'chain-edge-label', x: e.labelX, y: e.labelY, 'text-anchor': 'middle' }, e.label));
    }
    for (const b of layout.boxes) {
      const node = nodes[b.index];
      const range = node.range;
      const g = s('g', { class: `chain-node chain-${items[b.index].kind}${range ? ' chain-link' : ''}` });
      g.appendChild(s('title', {}, node.detail));
      g.appendChild(s('rect', { x: b.x + 0.5, y: b.y + 0.5, width: b.w - 1, height: b.h - 1, rx: items[b.index].kind === 'input' ? 12 : 4 }));
      g.appendChild(s('text', { x: b.x + b.w / 2, y: b.y + b.h / 2 + 4, 'text-anchor': 'middle' }, node.label));
      if (range) {
        g.setAttribute('tabindex', '0');
        g.setAttribute('role', 'button');
        g.setAttribute('aria-label', `${node.detail}, ${formatPlace(range)}`);
        g.addEventListener('click', () => reveal(range));
        g.addEventListener('keydown', (ev) => {
          if (ev.key === 'Enter' || ev.key === ' ') {
            ev.preventDefault();
            reveal(range);
          }
        });
      }
      svg.appendChild(g);
    }
    container.appendChild(svg);
  };
  // Redraw on the next frame, outside the observer's callback (the SVG's size feeds back).
  new ResizeObserver((entries) => {
    const width = entries[entries.length - 1].contentRect.width;
    requestAnimationFrame(() => draw(width));
  }).observe(container);
  return container;
}
