import type { Language, Program } from '../ir/program';

/** Where the parser's `.wasm` files live: `dist/` in the extension, node_modules in tests. */
export interface FrontendOptions {
  wasmDir?: string;
}

export type Frontend = (text: string, options: FrontendOptions) => Promise<Program>;

/** Guesses the notation from a file name or language id; math notation is the fallback for notes. */
export function languageFor(fileNameOrId: string): Language {
  const s = fileNameOrId.toLowerCase();
  if (s === 'python' || s.endsWith('.py') || s.endsWith('.pyi') || s.endsWith('.ipynb')) return 'python';
  if (s === 'typescript' || s === 'javascript' || /\.(ts|js|mjs|cjs|tsx)$/.test(s)) return 'typescript';
  return 'math';
}
