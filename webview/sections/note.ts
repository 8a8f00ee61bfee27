/**
 * A note in math notation: its equations with the shapes Grad Lens read, then side by side
 * the derivation Grad Lens gives for the derivative the note states and the note's own
 * derivation, each of its lines with the check's verdict (and the named mistake of a wrong
 * one). A click on an equation or a line, or Enter on it, reveals it in the editor.
 */
import type { CheckPayload, DerivationPayload, GradientCheck, NoteDerivationLine, NotePayload, SourceRange } from '../../src/protocol/messages';
import { button, h, icon } from '../dom';
import { formatPlace, formatShape } from '../lib/format';
import { noteVerdicts, type NoteVerdicts } from '../lib/noteVerdicts';
import { math } from '../math';
import { activatableRow } from '../rows';
import { VERDICT_ICON, verdictText } from './check';

export interface NoteContext {
  reveal(range: SourceRange): void;
  /** Derive the gradient of the note's loss with respect to `wrt`. */
  derive(wrt: string): void;
  check(): void;
}

export function renderNote(note: NotePayload | null, derivation: DerivationPayload | null, check: CheckPayload | null, ctx: NoteContext): HTMLElement {
  if (!note) return h('div', { class: 'empty' }, h('p', { text: 'Open a note in math notation (Markdown, LaTeX or plain text) to see its equations and derivation here.' }));
  const verdicts = noteVerdicts(note, check);
  return h(
    'div',
    { class: 'note' },
    note.equations.length ? equations(note, ctx) : null,
    h('div', { class: 'note-compare' }, ours(note, derivation, ctx), theirs(note, verdicts, ctx)),
  );
}

export function describeNote(note: NotePayload | null, check: CheckPayload | null): string {
  if (!note) return '';
  const { lines, state } = noteVerdicts(note, check);
  const count = (v: string) => lines.filter((g) => g?.verdict === v).length;
  const base = `${note.equations.length} equation${note.equations.length === 1 ? '' : 's'}`;
  if (state !== 'checked') return base;
  return `${base} · ${count('wrong') ? `${count('wrong')} wrong` : `${count('correct')} correct`}`;
}

function equations(note: NotePayload, ctx: NoteContext): HTMLElement {
  const head = h('thead', {}, h('tr', {}, ...['Equation', 'Shape'].map((t) => h('th', { text: t, attrs: { scope: 'col' } }))));
  const body = h('tbody');
  for (const e of note.equations) {
    const row = h('tr', { class: 'note-equation' }, h('td', { class: 'note-math', title: e.text }, math(e.latex, false)), h('td', {}, h('code', { text: formatShape(e.shape) })));
    body.appendChild(activatableRow(row, `${e.name}: ${formatShape(e.shape)}, ${formatPlace(e.range)}. ${e.text}`, () => ctx.reveal(e.range)));
  }
  return h('div', { class: 'note-equations' }, h('h4', { text: 'The equations, as Grad Lens reads them' }), h('table', { class: 'grid note-table' }, head, body));
}

/** Grad Lens's derivation, when the one on display is of a derivative the note states. */
function ours(note: NotePayload, d: DerivationPayload | null, ctx: NoteContext): HTMLElement {
  const shown = d && note.claims.some((c) => c.loss === d.of && c.wrt === d.wrt) ? d : null;
  const heading = h('h4', { text: 'Grad Lens derives' });
  if (!shown) {
    return h(
      'div',
      { class: 'note-ours' },
      heading,
      note.claims.length
        ? h('div', {}, ...note.claims.map((c) => button(`Derive ∂${c.loss}/∂${c.wrt}`, 'symbol-operator', () => ctx.derive(c.wrt), { secondary: true })))
        : h('p', { class: 'note', text: 'The note states no derivative (∂E/∂C = …) for Grad Lens to derive beside it.' }),
    );
  }
  const equation = shown.gradient && shown.derivative ? `${shown.derivative.latex} = ${shown.gradient.latex}` : null;
  return h(
    'div',
    { class: 'note-ours' },
    heading,
    equation ? h('div', { class: 'result', attrs: { 'aria-label': `∂${shown.of}/∂${shown.wrt} = ${shown.gradient?.text ?? ''}` } }, math(equation, true)) : null,
    shown.message ? h('p', { class: `note ${shown.status === 'failed' ? 'error' : ''}`, text: shown.message }) : null,
    shown.assumptions.length ? h('ul', { class: 'assumptions' }, ...shown.assumptions.map((a) => h('li', { text: a }))) : null,
    shown.steps.length ? h('ol', { class: 'steps' }, ...shown.steps.map((step) => h('li', { title: step.text }, math(step.latex, true)))) : null,
  );
}

/** The note's derivation, line by line, with the verdicts of the latest check of this version of the note. */
function theirs(note: NotePayload, verdicts: NoteVerdicts, ctx: NoteContext): HTMLElement {
  const heading = h('h4', { text: "The note's derivation" });
  if (!note.derivation.length) return h('div', { class: 'note-theirs' }, heading, h('p', { class: 'note', text: 'The note writes no derivative or differential to check.' }));
  const body = h('tbody');
  note.derivation.forEach((line, i) => {
    const g = verdicts.lines[i];
    for (const row of lineRows(line, g, ctx)) body.appendChild(row);
  });
  const hint =
    verdicts.state === 'checked'
      ? null
      : h(
          'div',
          { class: 'row' },
          h('p', { class: 'note', text: verdicts.state === 'stale' ? 'The note changed since it was checked.' : 'Not checked yet.' }),
          button('Check Gradients', 'beaker', ctx.check, { secondary: true }),
        );
  return h('div', { class: 'note-theirs' }, heading, hint, h('table', { class: 'grid note-table note-lines' }, body));
}

function lineRows(line: NoteDerivationLine, g: GradientCheck | null, ctx: NoteContext): HTMLElement[] {
  const verdict = g?.verdict ?? null;
  const said = g ? verdictText(g) : 'not checked';
  const row = h(
    'tr',
    { class: `note-line${verdict ? ` verdict-${verdict}` : ''}${g?.message ? ' has-message' : ''}` },
    h('td', { class: 'note-verdict' }, verdict ? icon(VERDICT_ICON[verdict]) : null, h('span', { class: `verdict ${verdict ?? ''}`.trim(), text: ` ${said}` })),
    h('td', { class: 'note-math', title: line.text }, math(line.latex, false)),
  );
  activatableRow(row, `${line.states}, ${formatPlace(line.range)}: ${said}. ${g?.message ?? line.text}`, () => ctx.reveal(line.range));
  // The check's sentence names the mistake; a correct line needs no more than its verdict.
  if (!g || g.verdict === 'correct' || !g.message) return [row];
  return [row, h('tr', { class: 'message-row', attrs: { 'aria-hidden': 'true' } }, h('td', { text: g.message, attrs: { colspan: 2 } }))];
}
