import { tooDeepMessage, withinDepth } from '../../ir/depth';
import { problem } from '../../ir/problem';
import type { Program, Stmt } from '../../ir/program';
import type { FrontendOptions } from '../frontend';
import { Context } from './context';
import { lowerExpr } from './expressions';
import { BlockLowering } from './lower';
import { loadPythonParser, type PythonParser } from './parser';
import { repairEach, repairIncompleteLines, treeSyntaxProblems, withoutCovered } from './syntax';
import { PieceCache } from './piece-cache';
import { type PyNode, readTree } from './tree';

/**
 * Python source (NumPy, PyTorch, TensorFlow/Keras) → Program. Never throws: a parser that
 * cannot load, a syntax error or a statement the lowering trips on becomes a Problem, and
 * the rest of the text is still lowered.
 *
 * What the interpreter can rely on beyond program.ts:
 * - Module-level code and function/method bodies are flattened in source order; a class
 *   contributes `__init__` first, then its other methods. Calls of user-defined functions
 *   are UnsupportedExpr (their bodies were emitted where they were defined).
 * - Parameters: a DeclareStmt with dims null (source 'parameter'), unless an annotation or a
 *   shape comment at the top of the body declares them; a default value is an assignment.
 * - A shape comment on its own line is a DeclareStmt where it stands; a trailing comment
 *   (`x = f(x)  # x: (N, 128)`, or just `# (N, 128)`) comes after its statement, so for a
 *   bound name it is an assertion. Annotated assignments likewise assert after assigning.
 * - Layer objects (`self.fc1 = nn.Linear(...)`, `d = Dense(64)`, Sequential) emit nothing;
 *   where applied they become layer ops whose size arguments keep their spans at the
 *   constructor, with name= the attribute/variable name (`fc1`, `model.0` inside a
 *   Sequential) or a Keras auto name (`dense`, `dense_1`, counted at construction).
 * - `a // b` is div with floor=True; `X.shape` is shape(X); `X.shape[i]`, `x.size(i)`,
 *   `len(x)` are dim(x, i); `.transpose(d0, d1)` / torch.transpose is transpose with swap=.
 * - TensorFlow's 4-entry NHWC ksize/strides lists arrive as their (h, w) spatial entries.
 */
export async function parsePython(text: string, options: FrontendOptions = {}): Promise<Program> {
  return (await pythonReader(options.wasmDir))(text, options);
}

/**
 * parsePython as a synchronous function once the parser is loaded (analyze reads a Program
 * again with it); when the parser cannot load, every Program says why.
 */
export async function pythonReader(wasmDir?: string): Promise<(text: string, options?: FrontendOptions) => Program> {
  let parser: PythonParser;
  try {
    parser = await loadPythonParser(wasmDir);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return () => ({ language: 'python', stmts: [], problems: [problem('internal-error', 'error', { start: 0, end: 0 }, `could not load the Python parser: ${message}`)] });
  }
  return (text, options = {}) => readPython(parser, text, options);
}

/** The trees of the last reading with each parser, by piece (one per process: the parser is loaded once). */
const pieceCaches = new WeakMap<PythonParser, PieceCache>();

function piecesOf(parser: PythonParser): PieceCache {
  let cache = pieceCaches.get(parser);
  if (!cache) pieceCaches.set(parser, (cache = new PieceCache()));
  return cache;
}

/** parsePython with the parser loaded: the same Program, synchronously. */
function readPython(parser: PythonParser, text: string, options: FrontendOptions = {}): Program {
  // Cut-off lines are reported and blanked first; offsets are unchanged, so spans still
  // index `text`; outside the blanked lines the two texts are the same.
  const repaired = options.pieces ? repairEach(text, options.pieces) : repairIncompleteLines(text);
  const cx = new Context(repaired.text, lowerExpr);
  cx.problems.push(...repaired.problems);
  // Each top-level statement is lowered as soon as it is read, and its copy let go; what it
  // lowers to is limited in depth and handed on at once.
  const stmts: Stmt[] = [];
  const keep = options.keepStatements !== false;
  try {
    const module = new BlockLowering(cx, stmts);
    const lowered = (statement: PyNode) => {
      const first = stmts.length;
      module.add(statement);
      let kept = first;
      for (let i = first; i < stmts.length; i++) {
        const stmt = withinDepth(stmts[i], cx.problems);
        if (!stmt) continue;
        if (keep) stmts[kept++] = stmt;
        options.onStatement?.(stmt);
      }
      stmts.length = kept;
    };
    const cache = options.reusePieces === false ? undefined : piecesOf(parser);
    const tree = readTree(parser, repaired.text, { onStatement: lowered, deep: cx.deep, cuts: repaired.cuts, skips: repaired.skips, cache });
    // One report per mistake: tree-sitter's error inside a line the scan already reported goes.
    // They go before the lowering's problems, as when they were found.
    const ownErrors = treeSyntaxProblems(tree.errors, repaired.text);
    cx.problems.splice(repaired.problems.length, 0, ...withoutCovered(ownErrors, repaired.problems.map((p) => p.span)));
    for (const d of cx.deep) cx.report('too-deep', 'warning', cx.span(d), tooDeepMessage('This code'));
    for (const [model, span] of cx.unread) {
      cx.report('unknown-shape', 'warning', span, `The layers of \`${model}\` are not read: no layer gives \`input_shape=\`, there is no \`keras.Input(shape=...)\` and the model is never applied to a tensor of known shape; add \`input_shape=(...)\` to its first layer`);
    }
    cx.problems.sort((a, b) => a.span.start - b.span.start);
    return { language: 'python', stmts, problems: cx.problems };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    cx.report('internal-error', 'error', { start: 0, end: 0 }, `internal error while reading the file: ${message}`);
    // The statements lowered before the failure were handed on already: they stay.
    return { language: 'python', stmts, problems: cx.problems };
  }
}
