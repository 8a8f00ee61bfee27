import { type AnalyzeOptions, type CellLayout, joinCodeCells, languageFor, type NotebookCell, readIpynb } from '../core/index';
import { UsageError } from './args';
import { readSource } from './io';

/** What `analyze` and `check` read: a file's text, or a notebook's code cells joined. */
export type Source =
  | { kind: 'file'; text: string; language: AnalyzeOptions['language'] }
  | { kind: 'notebook'; text: string; language: 'python'; cells: NotebookCell[]; layout: CellLayout }
  /** A notebook that cannot be read: reported as an error on the file. */
  | { kind: 'unreadable'; error: string };

export function isNotebookFile(file: string): boolean {
  return file.toLowerCase().endsWith('.ipynb');
}

export function readInput(file: string): Source {
  const text = readSource(file);
  if (!isNotebookFile(file)) return { kind: 'file', text, language: languageFor(file) };
  const read = readIpynb(text);
  if (!read.ok) return { kind: 'unreadable', error: read.error };
  const joined = joinCodeCells(read.cells);
  return { kind: 'notebook', text: joined.text, language: 'python', cells: read.cells, layout: joined.layout };
}

/** --lines counts lines of a file; a notebook's lines are counted per cell. */
export function refuseLinesInNotebook(source: Source, lines: unknown): void {
  if (source.kind !== 'file' && lines !== undefined) throw new UsageError('--lines applies to a file, not to a notebook');
}
