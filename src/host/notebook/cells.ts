import * as vscode from 'vscode';
import type { CellLineIndex, LineIndex, NotebookCell, Problem, Span } from '../../core/index';
import type { DocumentRef } from '../../protocol/messages';
import { toLocatedDiagnostic } from '../diagnostics';
import { documentRef } from '../panel/payloads';

/** The scheme of a notebook cell's text document. */
export const CELL_SCHEME = 'vscode-notebook-cell';

/** Jupyter notebooks, as VS Code's built-in ipynb support opens them. */
export const JUPYTER_NOTEBOOK = 'jupyter-notebook';

export function isCellDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === CELL_SCHEME;
}

/** The open notebook a cell document belongs to, and the cell's index in it. */
export function cellOf(doc: vscode.TextDocument): { notebook: vscode.NotebookDocument; index: number } | undefined {
  if (!isCellDocument(doc)) return undefined;
  for (const notebook of vscode.workspace.notebookDocuments) {
    const cell = notebook.getCells().find((c) => c.document === doc || c.document.uri.toString() === doc.uri.toString());
    if (cell) return { notebook, index: cell.index };
  }
  return undefined;
}

/** The notebook as the panel names it: a row click leads back to it (and to the row's cell). */
export function notebookRef(notebook: vscode.NotebookDocument): DocumentRef {
  return documentRef({ uri: notebook.uri, fileName: notebook.uri.path, version: notebook.version, languageId: 'python' });
}

/** The cells as the core reads them. */
export function coreCells(cells: readonly vscode.NotebookCell[]): NotebookCell[] {
  return cells.map((cell) => ({
    kind: cell.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown',
    language: cell.document.languageId,
    text: cell.document.getText(),
  }));
}

/** Each cell's document version: a result is current while none has changed. */
export function cellVersions(cells: readonly vscode.NotebookCell[]): string {
  return cells.map((c) => `${c.document.uri.toString()}@${c.document.version}`).join('|');
}

/**
 * Where spans of a notebook's analysis are in the editor: the one place that turns them
 * into cell documents and ranges. Code spans index the joined code cells (the analysis's
 * CellLineIndex says which cell and where in it); a markdown cell's notes are their own text.
 */
export class CellPlaces {
  constructor(
    private readonly cells: readonly vscode.NotebookCell[],
    private readonly lines: CellLineIndex | undefined,
  ) {}

  /** The cell and range of a span of the joined code cells. */
  code(span: Span): vscode.Location | undefined {
    if (!this.lines) return undefined;
    const a = this.lines.cellPosition(span.start);
    const cell = this.cells[a.cell];
    if (!cell) return undefined;
    const b = this.lines.cellPosition(Math.max(span.start, span.end));
    const end = b.cell === a.cell ? b : a;
    return new vscode.Location(cell.document.uri, new vscode.Range(a.line - 1, a.column - 1, end.line - 1, end.column - 1));
  }

  /** The range of a span of a markdown cell's own text. */
  note(cell: number, lines: LineIndex, span: Span): vscode.Location | undefined {
    const target = this.cells[cell];
    if (!target) return undefined;
    const a = lines.position(span.start);
    const b = lines.position(Math.max(span.start, span.end));
    return new vscode.Location(target.document.uri, new vscode.Range(a.line - 1, a.column - 1, b.line - 1, b.column - 1));
  }

  /** The offset into the joined code cells of a position in a cell, if the cell is code that was analysed. */
  offset(cellIndex: number, doc: vscode.TextDocument, position: vscode.Position): number | undefined {
    return this.lines?.offsetInCell(cellIndex, doc.offsetAt(position));
  }

  /**
   * Problems as diagnostics grouped by cell document; related information points into the
   * cells where the operands came from. `locate` places a problem's spans (code or a note).
   */
  diagnostics(problems: readonly { problem: Pick<Problem, 'code' | 'severity' | 'span' | 'message' | 'related'>; locate: (span: Span) => vscode.Location | undefined }[]): Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }> {
    const byCell = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const { problem, locate } of problems) {
      const at = locate(problem.span);
      if (!at) continue;
      const diagnostic = toLocatedDiagnostic(problem, at.range, locate);
      const key = at.uri.toString();
      const entry = byCell.get(key) ?? { uri: at.uri, diagnostics: [] };
      entry.diagnostics.push(diagnostic);
      byCell.set(key, entry);
    }
    return byCell;
  }
}
