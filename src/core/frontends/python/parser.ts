import { join } from 'node:path';
// `import = require` on purpose: esbuild resolves an ES `import` of web-tree-sitter to its
// ESM build, whose `import.meta.url` is empty in our CJS bundles; `require` picks the CJS build.
import TreeSitter = require('web-tree-sitter');
import { type Cursor, directCursor, directCursorSupport, publicCursor, walkAlike } from './cursor';

/** The Python grammar, loaded once, with its node-type tables read out of the wasm up front. */
export interface PythonParser {
  parser: TreeSitter.Parser;
  /** Node type name by type id (ERROR has an id past the end of this table). */
  types: string[];
  /** Whether each type id is a named node (anonymous ones are punctuation and keywords). */
  named: boolean[];
  /** A cursor over a tree of this parser, the fastest one that walks it right. */
  walk(tree: TreeSitter.Tree): Cursor;
}

/** Code whose tree has a bit of everything the reader meets: strings, non-ASCII text, an error, a MISSING node. */
const SELF_CHECK = 'import numpy as np\nx = f(a, [1, 2]) @ W.T  # ü\ns = f"{x!r}" + \'😀\'\nif y:\n    z = (1 +\nprint(q';

let loading: Promise<PythonParser> | undefined;

/**
 * Loads web-tree-sitter and the Python grammar on first use and caches the result for the
 * life of the process. `wasmDir` is the extension's dist/ folder; without it the files
 * come from node_modules (tests, CLI run from the repo).
 */
export function loadPythonParser(wasmDir?: string): Promise<PythonParser> {
  loading ??= init(wasmDir).catch((error: unknown) => {
    loading = undefined; // let a later call retry instead of caching the failure
    throw error;
  });
  return loading;
}

async function init(wasmDir: string | undefined): Promise<PythonParser> {
  const runtimeWasm = wasmDir ? join(wasmDir, 'web-tree-sitter.wasm') : require.resolve('web-tree-sitter/web-tree-sitter.wasm');
  const grammarWasm = wasmDir ? join(wasmDir, 'tree-sitter-python.wasm') : require.resolve('tree-sitter-python/tree-sitter-python.wasm');
  // emscripten fills this object with the module's exports, which the direct cursor calls.
  const module = { locateFile: () => runtimeWasm };
  await TreeSitter.Parser.init(module);
  const language = await TreeSitter.Language.load(grammarWasm);
  const parser = new TreeSitter.Parser();
  parser.setLanguage(language);
  const types: string[] = [];
  const named: boolean[] = [];
  for (let id = 0; id < language.nodeTypeCount; id++) {
    types.push(language.nodeTypeForId(id) ?? 'ERROR');
    named.push(language.nodeTypeIsNamed(id));
  }
  return { parser, types, named, walk: chooseCursor(parser, module) };
}

/**
 * The direct cursor when web-tree-sitter has the internals it uses and it walks a sample
 * exactly as web-tree-sitter's own cursor does; otherwise the latter.
 */
function chooseCursor(parser: TreeSitter.Parser, module: object): (tree: TreeSitter.Tree) => Cursor {
  const support = directCursorSupport(module);
  if (!support) return publicCursor;
  const sample = parser.parse(SELF_CHECK);
  if (!sample) return publicCursor;
  try {
    const direct = (tree: TreeSitter.Tree) => directCursor(tree, support);
    return walkAlike(sample, publicCursor, direct) ? direct : publicCursor;
  } finally {
    sample.delete();
  }
}
