import type { NotebookCell } from './cell';

export type IpynbRead = { ok: true; cells: NotebookCell[] } | { ok: false; error: string };

/**
 * Reads a Jupyter notebook file (nbformat 4): its cells with their kind, language and text.
 * Anything else (not JSON, another format, a cell without its source) is an error to report
 * on the file, never an exception.
 */
export function readIpynb(json: string): IpynbRead {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return { ok: false, error: `this notebook is not valid JSON (${(error as Error).message})` };
  }
  if (!isRecord(data)) return { ok: false, error: 'this notebook is not a JSON object' };
  if (typeof data.nbformat === 'number' && data.nbformat < 4) return { ok: false, error: `this notebook is in nbformat ${data.nbformat}; Grad Lens reads nbformat 4 (save it again with Jupyter to convert it)` };
  if (!Array.isArray(data.cells)) return { ok: false, error: 'this notebook has no "cells" list' };
  const language = notebookLanguage(data.metadata);
  const cells: NotebookCell[] = [];
  for (const [index, cell] of data.cells.entries()) {
    if (!isRecord(cell)) return { ok: false, error: `cell ${index + 1} of this notebook is not a JSON object` };
    const text = sourceText(cell.source);
    if (text === undefined) return { ok: false, error: `cell ${index + 1} of this notebook has no source text` };
    const kind = cell.cell_type === 'code' ? 'code' : cell.cell_type === 'markdown' ? 'markdown' : 'raw';
    cells.push({ kind, language: kind === 'markdown' ? 'markdown' : kind === 'raw' ? 'raw' : (cellLanguage(cell.metadata) ?? language), text });
  }
  return { ok: true, cells };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** nbformat stores a cell's source as one string or a list of lines that keep their newlines. */
function sourceText(source: unknown): string | undefined {
  if (typeof source === 'string') return source;
  if (Array.isArray(source) && source.every((line) => typeof line === 'string')) return source.join('');
  return undefined;
}

function notebookLanguage(metadata: unknown): string {
  if (!isRecord(metadata)) return 'python';
  const info = metadata.language_info;
  if (isRecord(info) && typeof info.name === 'string') return info.name;
  const kernel = metadata.kernelspec;
  if (isRecord(kernel) && typeof kernel.language === 'string') return kernel.language;
  return 'python';
}

/** VS Code records a code cell's language when it differs from the notebook's. */
function cellLanguage(metadata: unknown): string | undefined {
  if (!isRecord(metadata)) return undefined;
  const vscode = metadata.vscode;
  return isRecord(vscode) && typeof vscode.languageId === 'string' ? vscode.languageId : undefined;
}
