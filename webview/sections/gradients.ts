/**
 * Gradients: dE/dX in matrix notation rendered with KaTeX, the derivation step by step,
 * the assumptions it rests on and whether autodiff confirmed it; copy as LaTeX or NumPy
 * (the host writes the clipboard: a webview cannot).
 */
import type { DerivationPayload } from '../../src/protocol/messages';
import { formatNumber } from '../lib/format';
import { button, h, icon } from '../dom';
import { math } from '../math';
import { nameSelect } from '../select';

export interface GradientsContext {
  copy(text: string, format: 'latex' | 'numpy'): void;
  select(wrt: string): void;
  derive(): void;
}

export function renderGradients(d: DerivationPayload | null, ctx: GradientsContext): HTMLElement {
  if (!d) {
    return h(
      'div',
      { class: 'empty' },
      h('p', { text: 'Run Derive Gradient to see dE/dX in matrix notation, step by step.' }),
      button('Derive Gradient', 'symbol-operator', ctx.derive),
    );
  }
  const equation = d.gradient && d.derivative ? `${d.derivative.latex} = ${d.gradient.latex}` : null;
  return h(
    'div',
    { class: 'gradients' },
    h(
      'div',
      { class: 'row' },
      d.wrtOptions.length > 1 ? nameSelect(`∂${d.of} with respect to`, d.wrtOptions, d.wrt, ctx.select) : null,
      status(d),
    ),
    equation ? h('div', { class: 'result', attrs: { 'aria-label': `d${d.of}/d${d.wrt} = ${d.gradient?.text ?? ''}` } }, math(equation, true)) : null,
    d.gradient
      ? h(
          'div',
          { class: 'row actions' },
          button('Copy as LaTeX', 'copy', () => ctx.copy(equation ?? '', 'latex'), { secondary: true }),
          button('Copy as NumPy', 'code', () => ctx.copy(d.gradient?.numpy ?? '', 'numpy'), { secondary: true }),
        )
      : null,
    d.message ? h('p', { class: `note ${d.status === 'failed' ? 'error' : ''}`, text: d.message }) : null,
    d.assumptions.length
      ? h('div', { class: 'assumptions' }, h('h4', { text: 'Assumes' }), h('ul', {}, ...d.assumptions.map((a) => h('li', { text: a }))))
      : null,
    d.steps.length
      ? h('div', { class: 'steps' }, h('h4', { text: 'Derivation' }), h('ol', {}, ...d.steps.map((step) => h('li', { title: step.text }, math(step.latex, true)))))
      : null,
  );
}

function status(d: DerivationPayload): HTMLElement {
  if (d.status === 'verified' && d.verified) {
    const err = d.verified.maxRelError === null ? '' : `: max. relative error ${formatNumber(d.verified.maxRelError, 2)}`;
    return h('span', { class: 'status ok' }, icon('pass'), h('span', { text: ` verified against autodiff in ${d.verified.precision}${err}` }));
  }
  if (d.status === 'failed') return h('span', { class: 'status error' }, icon('error'), h('span', { text: ' no result' }));
  return h('span', { class: 'status warning' }, icon('warning'), h('span', { text: ' not verified numerically' }));
}
