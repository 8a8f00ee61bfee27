import type { CellLayout } from '../../ir/cells';
import { isPythonCell, type NotebookCell } from './cell';
import { blankMagics } from './magics';

export interface JoinedCells {
  /** The Python code cells in order, magics blanked, each followed by a newline. */
  text: string;
  layout: CellLayout;
}

/**
 * The notebook's program as "Run All" runs it: its Python code cells in order. Each cell
 * keeps its own offsets within the text (magics are blanked in place), so a span maps back
 * to its cell by subtraction.
 */
export function joinCodeCells(cells: readonly NotebookCell[]): JoinedCells {
  const parts: string[] = [];
  const layout: CellLayout = { starts: [], cells: [] };
  let at = 0;
  cells.forEach((cell, index) => {
    if (!isPythonCell(cell)) return;
    const text = blankMagics(cell.text);
    layout.starts.push(at);
    layout.cells.push(index);
    parts.push(text, '\n');
    at += text.length + 1;
  });
  return { text: parts.join(''), layout };
}
