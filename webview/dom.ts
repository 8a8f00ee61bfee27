/**
 * Element builders. Text always goes in as textContent and attributes through
 * setAttribute, so nothing from a payload is ever parsed as HTML.
 */
type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string | number | boolean | null | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

function apply(node: Element, props: Props | undefined, children: Child[]): void {
  if (props?.class) node.setAttribute('class', props.class);
  if (props?.title) node.setAttribute('title', props.title);
  if (props?.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props?.attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const [k, fn] of Object.entries(props?.on ?? {})) node.addEventListener(k, fn as EventListener);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function h(tag: string, props?: Props, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  apply(node, props, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  apply(node, { attrs }, children);
  return node;
}

/** A codicon from the shipped font, decorative (its meaning is in the text beside it). */
export function icon(name: string, extraClass = ''): HTMLElement {
  return h('span', { class: `codicon codicon-${name} ${extraClass}`.trim(), attrs: { 'aria-hidden': 'true' } });
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

/** A vscode-button that runs `onClick` on click and on Enter/Space (the element handles focus). */
export function button(label: string, iconName: string | null, onClick: () => void, opts: { secondary?: boolean; title?: string } = {}): HTMLElement {
  const b = h('vscode-button', {
    text: label,
    title: opts.title,
    attrs: { icon: iconName ?? undefined, secondary: opts.secondary ?? false },
    on: { click: () => onClick() },
  });
  return b;
}
