/** A vscode-single-select of names; `onPick` runs when the user picks another one. */
import { h } from './dom';

export function nameSelect(label: string, options: string[], value: string, onPick: (name: string) => void): HTMLElement {
  const select = h('vscode-single-select', { attrs: { 'aria-label': label } }, ...options.map((o) => h('vscode-option', { text: o, attrs: { value: o, selected: o === value } })));
  select.addEventListener('change', () => {
    const picked = (select as unknown as { value: string }).value;
    if (picked && picked !== value) onPick(picked);
  });
  return h('label', { class: 'picker' }, h('span', { text: label }), select);
}
