import type { Language, Program, Stmt } from '../ir/program';

/** Where the parser's `.wasm` files live: `dist/` in the extension, node_modules in tests. */
export interface FrontendOptions {
  wasmDir?: string;
  /**
   * Takes each top-level statement of the Program, in order, as soon as the front end has
   * it (Python: as each is read; math: once all are ordered), so a tracer can run on a
   * statement while it is still in the caches. The Program still holds them all.
   */
  onStatement?: (stmt: Stmt) => void;
  /**
   * False: the Program comes back without its statements once they are handed to
   * onStatement (its problems are all there), so nothing holds them for the collector to copy.
   */
  keepStatements?: boolean;
  /**
   * Offsets where independent pieces of the text start (a notebook's code cells), the first
   * at 0: each is repaired and parsed on its own, so a cell cut off mid-statement cannot run
   * into the next one.
   */
  pieces?: readonly number[];
  /**
   * Whether pieces whose text is unchanged since the last reading are taken from it rather
   * than parsed again (python/piece-cache.ts); true unless false.
   */
  reusePieces?: boolean;
}

export type Frontend = (text: string, options: FrontendOptions) => Promise<Program>;

/** Guesses the notation from a file name or language id; math notation is the fallback for notes. */
export function languageFor(fileNameOrId: string): Language {
  const s = fileNameOrId.toLowerCase();
  if (s === 'python' || s.endsWith('.py') || s.endsWith('.pyi') || s.endsWith('.ipynb')) return 'python';
  if (s === 'typescript' || s === 'javascript' || /\.(ts|js|mjs|cjs|tsx)$/.test(s)) return 'typescript';
  return 'math';
}
