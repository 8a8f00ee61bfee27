/**
 * The panel: folding sections (Note, shown for a note in math notation; Layers,
 * Gradients, Jacobian structure, Check results) under a progress bar and a notice line. Host messages go through the pure
 * reducer in state.ts; a section is rebuilt only when its own data changed.
 */
import { SECTIONS, type SectionId, type SourceRange } from '../src/protocol/messages';
import { clear, h } from './dom';
import { loadState, log, onHostMessage, post, saveState } from './host';
import { renderCheck } from './sections/check';
import { renderGradients } from './sections/gradients';
import { renderJacobian } from './sections/jacobian';
import { renderLayers } from './sections/layers';
import { describeNote, renderNote } from './sections/note';
import { renderNotice, renderProgress } from './sections/progress';
import { initialViewState, persistable, reduce, selectJacobianEntry, setCollapsed, type ViewState } from './state';
import { onThemeChange } from './theme';

const HEADINGS: Record<SectionId, string> = {
  note: 'Note',
  layers: 'Layers',
  gradients: 'Gradients',
  jacobian: 'Jacobian structure',
  check: 'Check results',
};

interface Section {
  element: HTMLElement;
  body: HTMLElement;
  /** Canvases of the current rendering, repainted on a theme change. */
  repaint: (() => void)[];
  /** The data the section last rendered, to skip rebuilding what did not change. */
  rendered: unknown[] | undefined;
}

export function startApp(root: HTMLElement): void {
  let state: ViewState = initialViewState(loadState());
  const top = h('div', { class: 'top' });
  root.appendChild(top);

  const sections = {} as Record<SectionId, Section>;
  for (const id of SECTIONS) {
    const body = h('div', { class: 'section-body' });
    const element = h('vscode-collapsible', { class: `section section-${id}`, attrs: { id: `section-${id}`, heading: HEADINGS[id] } }, body);
    element.addEventListener('vsc-collapsible-toggle', (e) => {
      const open = (e as CustomEvent<{ open: boolean }>).detail.open;
      commit(setCollapsed(state, id, !open));
    });
    sections[id] = { element, body, repaint: [], rendered: undefined };
    root.appendChild(element);
  }

  const documents = { layers: () => state.analysis?.document, check: () => state.check?.document, note: () => state.note?.document };
  const uriFor = (section: keyof typeof documents): string | null => documents[section]()?.uri ?? null;
  const reveal = (section: keyof typeof documents) => (range: SourceRange) => {
    const uri = uriFor(section);
    if (uri) post({ type: 'reveal', uri, range });
    else log('info', 'reveal ignored: the panel does not know which document this came from');
  };
  const themed = (id: SectionId) => (refresh: () => void) => sections[id].repaint.push(refresh);

  // What each section shows; a section whose key did not change is left as it is.
  const keyOf: Record<SectionId, () => unknown[]> = {
    note: () => [state.note, state.derivation, state.check],
    layers: () => [state.analysis],
    gradients: () => [state.derivation],
    jacobian: () => [state.jacobian, state.ui.jacobianEntry],
    check: () => [state.check],
  };
  const build: Record<SectionId, () => { content: HTMLElement; description: string }> = {
    note: () => ({
      content: renderNote(state.note, state.derivation, state.check, {
        reveal: reveal('note'),
        derive: (wrt) => post({ type: 'derivation/select', wrt }),
        check: () => post({ type: 'command/run', command: 'checkGradients' }),
      }),
      description: describeNote(state.note, state.check),
    }),
    layers: () => ({
      content: renderLayers(state.analysis, { reveal: reveal('layers'), analyze: () => post({ type: 'command/run', command: 'analyzeSelection' }) }),
      description: describeLayers(state),
    }),
    gradients: () => ({
      content: renderGradients(state.derivation, {
        copy: (text, format) => post({ type: 'clipboard/write', text, format }),
        select: (wrt) => post({ type: 'derivation/select', wrt }),
        derive: () => post({ type: 'command/run', command: 'deriveGradient' }),
      }),
      description: state.derivation ? `∂${state.derivation.of}/∂${state.derivation.wrt}` : '',
    }),
    jacobian: () => ({
      content: renderJacobian(state.jacobian, state.ui.jacobianEntry, {
        selectWrt: (wrt) => post({ type: 'jacobian/select', wrt }),
        selectEntry: (id) => {
          commit(selectJacobianEntry(state, id));
          sections.jacobian.body.querySelector<HTMLElement>('tr[aria-selected="true"]')?.focus();
        },
        onThemeChange: themed('jacobian'),
      }),
      description: state.jacobian ? `∂vec(${state.jacobian.of}) / ∂vec(${state.jacobian.wrt})ᵀ` : '',
    }),
    check: () => ({
      content: renderCheck(state.check, { reveal: reveal('check'), check: () => post({ type: 'command/run', command: 'checkGradients' }), onThemeChange: themed('check') }),
      description: describeCheck(state),
    }),
  };

  const same = (a: unknown[] | undefined, b: unknown[]) => !!a && a.length === b.length && a.every((x, i) => x === b[i]);

  function render(): void {
    clear(top);
    const progress = renderProgress(state.progress, (id) => post({ type: 'progress/cancel', id }));
    const notice = renderNotice(state.notice, () => commit({ ...state, notice: null }));
    if (progress) top.appendChild(progress);
    if (notice) top.appendChild(notice);
    for (const id of SECTIONS) {
      const section = sections[id];
      const open = !state.ui.collapsed.includes(id);
      // The Note section is there only while the panel follows a note.
      const hidden = id === 'note' && !state.note;
      if (section.element.hidden !== hidden) section.element.hidden = hidden;
      if (section.element.hasAttribute('open') !== open) section.element.toggleAttribute('open', open);
      const key = keyOf[id]();
      if (same(section.rendered, key)) continue;
      section.repaint = [];
      const built = build[id]();
      section.rendered = key;
      clear(section.body);
      section.body.appendChild(built.content);
      section.element.setAttribute('description', built.description);
    }
  }

  function commit(next: ViewState): void {
    const before = persistable(state);
    state = next;
    render();
    const after = persistable(state);
    if (Object.keys(after).some((k) => after[k as keyof typeof after] !== before[k as keyof typeof before])) saveState(after);
  }

  onHostMessage((message) => {
    const { state: next, effects } = reduce(state, message);
    commit(next);
    if (effects.focus) sections[effects.focus].element.scrollIntoView({ block: 'start', behavior: 'smooth' });
  });
  onThemeChange(() => {
    for (const id of SECTIONS) for (const repaint of sections[id].repaint) repaint();
  });
  window.addEventListener('error', (e) => log('error', `webview error: ${e.message} (${e.filename}:${e.lineno})`));
  window.addEventListener('unhandledrejection', (e) => log('error', `webview rejection: ${String(e.reason)}`));

  render();
  post({ type: 'ready' });
}

function describeLayers(s: ViewState): string {
  if (!s.analysis) return '';
  const errors = s.analysis.problems.filter((p) => p.severity === 'error').length;
  const n = s.analysis.layers.length;
  return `${n} layer${n === 1 ? '' : 's'}${errors ? ` · ${errors} error${errors === 1 ? '' : 's'}` : ''}`;
}

function describeCheck(s: ViewState): string {
  if (!s.check) return '';
  const wrong = s.check.gradients.filter((g) => g.verdict === 'wrong').length;
  const correct = s.check.gradients.filter((g) => g.verdict === 'correct').length;
  return wrong ? `${wrong} wrong` : `${correct} correct`;
}
