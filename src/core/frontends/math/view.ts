/**
 * What the panel shows of a note: its equations with the shapes Grad Lens read, and its
 * own derivation (the lines that state a derivative or a differential), each line typeset
 * as the note wrote it and located by its span, so a verdict of the check (which carries
 * the same span) lands on its line.
 */
import type { Analysis } from '../../analysis';
import type { Span } from '../../ir/span';
import type { Shape } from '../../shapes/dim';
import { noteLatex } from './typeset';

export interface NoteEquation {
  name: string;
  shape: Shape | null;
  span: Span;
  text: string;
  latex: string;
}

export interface NoteDerivationLine {
  span: Span;
  text: string;
  latex: string;
  /** What the line states: the gradient (`∂E/∂C`) or the differential (`dE`) it is a link of. */
  states: string;
}

export interface NoteView {
  equations: NoteEquation[];
  derivation: NoteDerivationLine[];
  /** The derivatives the note claims, as loss and variable: what Grad Lens derives beside them. */
  claims: { loss: string; wrt: string }[];
}

const isClaimName = (name: string) => name.startsWith('∂');

/** The note's view; empty lists for an analysis that is not of a note. */
export function noteView(analysis: Analysis): NoteView {
  const view: NoteView = { equations: [], derivation: [], claims: [] };
  if (analysis.language !== 'math') return view;
  const { text } = analysis;
  const source = (span: Span) => text.slice(span.start, span.end).trim();
  for (const layer of analysis.layers) {
    if (isClaimName(layer.name)) continue;
    const written = source(layer.span);
    view.equations.push({ name: layer.name, shape: layer.shape, span: layer.span, text: written, latex: noteLatex(written) });
  }
  const program = analysis.program;
  const lines: NoteDerivationLine[] = [];
  // A link's statement spans the whole `dE = …` for the first link, the link alone for the others.
  const stmtSpans = new Map<string, Span>();
  for (const stmt of program.stmts) if (stmt.kind === 'assign' && stmt.target.kind === 'name') stmtSpans.set(stmt.target.name, stmt.span);
  for (const d of program.derivations ?? []) {
    d.links.forEach((link, k) => {
      const written = source(link.span);
      const span = stmtSpans.get(link.name) ?? link.span;
      // The first link is the line `dE = …`; the others go on from it (`= …`).
      const shown = k === 0 ? `${d.head} = ${written}` : `= ${written}`;
      lines.push({ span, text: shown, latex: k === 0 ? `${d.head} = ${noteLatex(written)}` : `= ${noteLatex(written)}`, states: d.head });
    });
  }
  for (const stmt of program.stmts) {
    if (stmt.kind !== 'assign' || !stmt.claims || stmt.target.kind !== 'name') continue;
    const written = source(stmt.span);
    lines.push({ span: stmt.span, text: written, latex: noteLatex(written), states: stmt.target.name });
    if (!view.claims.some((c) => c.loss === stmt.claims!.loss && c.wrt === stmt.claims!.wrt)) view.claims.push({ ...stmt.claims });
  }
  view.derivation = lines.sort((a, b) => a.span.start - b.span.start);
  return view;
}
