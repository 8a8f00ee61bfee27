import type { Analysis, AnalyzeOptions } from '../../analysis';
import { analyze } from '../../analyze';
import type { CellLayout } from '../../ir/cells';
import { isMarkdownCell, type NotebookCell } from './cell';
import { joinCodeCells } from './join';

export type { NotebookCell } from './cell';
export { readIpynb, type IpynbRead } from './ipynb';
export { joinCodeCells, type JoinedCells } from './join';

/** A markdown cell read as notes in math notation, on its own. */
export interface CellNote {
  cell: number;
  analysis: Analysis;
}

export interface NotebookAnalysis {
  /** The Python code cells as one program (analysis.lines is a CellLineIndex); null without any. */
  code: { analysis: Analysis; layout: CellLayout } | null;
  /** The markdown cells that hold something Grad Lens reads (a layer or a problem). */
  notes: CellNote[];
}

export type NotebookOptions = Omit<AnalyzeOptions, 'language' | 'cells' | 'range' | 'fileName'> & { fileName?: string };

/**
 * Analyses a notebook as "Run All" would run it: its Python code cells in order as one
 * program, and each markdown cell as notes in math notation on their own. Other languages
 * and raw cells are skipped.
 */
export async function analyzeNotebook(cells: readonly NotebookCell[], options: NotebookOptions): Promise<NotebookAnalysis> {
  const joined = joinCodeCells(cells);
  const code = joined.layout.starts.length ? { analysis: await analyze(joined.text, { ...options, language: 'python', cells: joined.layout }), layout: joined.layout } : null;
  const notes: CellNote[] = [];
  for (const [cell, { text }] of cells.entries()) {
    if (!isMarkdownCell(cells[cell]) || !text.trim()) continue;
    const analysis = await analyze(text, { ...options, language: 'math' });
    if (analysis.layers.length || analysis.problems.length) notes.push({ cell, analysis });
  }
  return { code, notes };
}
