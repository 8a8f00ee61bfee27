/** The bar shown while the host runs a check, with Cancel when the task can be cancelled. */
import type { Notice, ProgressPayload } from '../../src/protocol/messages';
import { button, h, icon } from '../dom';

export function renderProgress(p: ProgressPayload | null, cancel: (id: string) => void): HTMLElement | null {
  if (!p) return null;
  const bar = h('vscode-progress-bar', { attrs: { 'aria-label': p.title } });
  if (p.fraction !== null) (bar as unknown as { value: number }).value = Math.round(p.fraction * 100);
  else bar.setAttribute('indeterminate', '');
  return h(
    'div',
    { class: 'progress', attrs: { role: 'status' } },
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'progress-title', text: p.title }),
      p.message ? h('span', { class: 'dim', text: p.message }) : null,
      p.fraction !== null ? h('span', { class: 'dim', text: `${Math.round(p.fraction * 100)}%` }) : null,
      p.cancellable ? button('Cancel', 'stop-circle', () => cancel(p.id), { secondary: true }) : null,
    ),
    bar,
  );
}

export function renderNotice(n: Notice | null, dismiss: () => void): HTMLElement | null {
  if (!n) return null;
  const close = h('vscode-button', { title: 'Dismiss', attrs: { icon: 'close', 'icon-only': true, secondary: true, 'aria-label': 'Dismiss' }, on: { click: dismiss } });
  return h('div', { class: `notice ${n.level}`, attrs: { role: n.level === 'error' ? 'alert' : 'status' } }, icon(n.level === 'info' ? 'info' : n.level), h('span', { text: ` ${n.text}` }), close);
}
