/** The key to a diverging colour scale: −max … 0 … +max under a gradient bar. */
import { toCss, type Diverging } from '../lib/colorScale';
import { formatNumber } from '../lib/format';
import { h } from '../dom';

export function divergingLegend(caption: string, maxAbs: number, scale: () => Diverging): { element: HTMLElement; refresh(): void } {
  const bar = h('span', { class: 'legend-bar', attrs: { 'aria-hidden': 'true' } });
  const paint = () => {
    const d = scale();
    // CSSOM, not a style attribute: the CSP allows the one and not the other.
    bar.style.background = `linear-gradient(to right, ${toCss(d.negative)}, ${toCss(d.zero)}, ${toCss(d.positive)})`;
  };
  paint();
  const element = h(
    'div',
    { class: 'legend' },
    h('span', { class: 'legend-caption', text: caption }),
    h('span', { class: 'legend-value', text: formatNumber(-maxAbs) }),
    bar,
    h('span', { class: 'legend-value', text: formatNumber(maxAbs) }),
  );
  return { element, refresh: paint };
}
