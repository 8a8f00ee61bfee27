/** One notebook cell as the editor or the .ipynb file gives it. */
export interface NotebookCell {
  kind: 'code' | 'markdown' | 'raw';
  /** The cell's language ('python', 'markdown', 'r', ...); code cells of other languages are skipped. */
  language: string;
  text: string;
}

/** Code cells in these languages are read as Python. */
const PYTHON_LANGUAGES = new Set(['python', 'python3', 'ipython', 'ipython3']);

export function isPythonCell(cell: NotebookCell): boolean {
  return cell.kind === 'code' && PYTHON_LANGUAGES.has(cell.language.toLowerCase());
}

export function isMarkdownCell(cell: NotebookCell): boolean {
  return cell.kind === 'markdown';
}
