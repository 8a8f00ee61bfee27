import type TreeSitter = require('web-tree-sitter');

/**
 * The moves and reads of a tree-sitter cursor that the tree reader uses. Two kinds:
 * web-tree-sitter's own TreeCursor, and one that calls the same wasm functions directly.
 *
 * Why the second: every TreeCursor call copies the cursor's four words into wasm's transfer
 * buffer and back through generic setValue/getValue helpers, which costs three times the
 * move itself (about 5 ms of a 1,000-line file). The wasm functions read the cursor from that
 * buffer and write it back there, so a walk that keeps the cursor in the buffer from its
 * first move to its last needs no copies. That holds while nothing else uses the buffer:
 * between begin and end, no other tree-sitter call may be made.
 */
export interface Cursor {
  typeId(): number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  startIndex(): number;
  endIndex(): number;
  isMissing(): boolean;
  /** Frees the cursor (and hands the transfer buffer back). */
  delete(): void;
}

/** The exports of web-tree-sitter's wasm module that a direct cursor calls. */
export interface CursorExports {
  HEAP32: Int32Array;
  _ts_init(): number;
  _ts_tree_cursor_current_node_type_id_wasm(tree: number): number;
  _ts_tree_cursor_goto_first_child_wasm(tree: number): number;
  _ts_tree_cursor_goto_next_sibling_wasm(tree: number): number;
  _ts_tree_cursor_goto_parent_wasm(tree: number): number;
  _ts_tree_cursor_start_index_wasm(tree: number): number;
  _ts_tree_cursor_end_index_wasm(tree: number): number;
  _ts_tree_cursor_current_node_is_missing_wasm(tree: number): number;
}

const EXPORTS: (keyof CursorExports)[] = [
  '_ts_init',
  '_ts_tree_cursor_current_node_type_id_wasm',
  '_ts_tree_cursor_goto_first_child_wasm',
  '_ts_tree_cursor_goto_next_sibling_wasm',
  '_ts_tree_cursor_goto_parent_wasm',
  '_ts_tree_cursor_start_index_wasm',
  '_ts_tree_cursor_end_index_wasm',
  '_ts_tree_cursor_current_node_is_missing_wasm',
];

/** Where the wasm module keeps a cursor's state and a tree's address (web-tree-sitter internals). */
interface Handles {
  cursor: number[];
  tree: number;
}

function handlesOf(tree: TreeSitter.Tree, cursor: TreeSitter.TreeCursor): Handles | undefined {
  const words = (cursor as unknown as { handles?: unknown }).handles;
  const address = (tree as unknown as Record<number, unknown>)[0];
  if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => typeof w === 'number') || typeof address !== 'number') return undefined;
  return { cursor: words as number[], tree: address };
}

/**
 * The direct-call exports of an initialised web-tree-sitter module (the object passed to
 * Parser.init, which emscripten fills), with the transfer buffer's address; undefined when
 * this version of web-tree-sitter does not have them.
 */
export function directCursorSupport(module: object): { wasm: CursorExports; transfer: number } | undefined {
  const m = module as Partial<CursorExports>;
  if (!(m.HEAP32 instanceof Int32Array) || !EXPORTS.every((name) => typeof m[name] === 'function')) return undefined;
  const wasm = m as CursorExports;
  // ts_init only stores the language versions in the buffer and returns its address.
  return { wasm, transfer: wasm._ts_init() };
}

/** web-tree-sitter's own cursor: always right, slower. */
export function publicCursor(tree: TreeSitter.Tree): Cursor {
  const c = tree.walk();
  return {
    typeId: () => c.nodeTypeId,
    gotoFirstChild: () => c.gotoFirstChild(),
    gotoNextSibling: () => c.gotoNextSibling(),
    gotoParent: () => c.gotoParent(),
    startIndex: () => c.startIndex,
    endIndex: () => c.endIndex,
    isMissing: () => c.nodeIsMissing,
    delete: () => c.delete(),
  };
}

/**
 * A cursor that keeps its state in the transfer buffer and calls the wasm functions
 * directly; web-tree-sitter's cursor when the internals it needs are not there.
 */
export function directCursor(tree: TreeSitter.Tree, support: { wasm: CursorExports; transfer: number } | undefined): Cursor {
  if (!support) return publicCursor(tree);
  const owner = tree.walk();
  const handles = handlesOf(tree, owner);
  if (!handles) {
    owner.delete();
    return publicCursor(tree);
  }
  const { wasm, transfer } = support;
  const word = transfer >> 2;
  for (let i = 0; i < 4; i++) wasm.HEAP32[word + i] = handles.cursor[i];
  const address = handles.tree;
  const typeId = wasm._ts_tree_cursor_current_node_type_id_wasm;
  const firstChild = wasm._ts_tree_cursor_goto_first_child_wasm;
  const nextSibling = wasm._ts_tree_cursor_goto_next_sibling_wasm;
  const parent = wasm._ts_tree_cursor_goto_parent_wasm;
  const start = wasm._ts_tree_cursor_start_index_wasm;
  const end = wasm._ts_tree_cursor_end_index_wasm;
  const missing = wasm._ts_tree_cursor_current_node_is_missing_wasm;
  return {
    typeId: () => typeId(address),
    gotoFirstChild: () => firstChild(address) === 1,
    gotoNextSibling: () => nextSibling(address) === 1,
    gotoParent: () => parent(address) === 1,
    startIndex: () => start(address),
    endIndex: () => end(address),
    isMissing: () => missing(address) === 1,
    delete: () => {
      // The moves may have grown the cursor's stack (and the heap, hence a fresh HEAP32):
      // the owner frees what the buffer now points to.
      for (let i = 0; i < 4; i++) handles.cursor[i] = wasm.HEAP32[word + i];
      owner.delete();
    },
  };
}

/**
 * Whether two kinds of cursor walk `tree` alike: every node's type, span and missing flag,
 * in order. Each is made after the other is deleted, since a direct cursor lives in the
 * transfer buffer that making a cursor writes.
 */
export function walkAlike(tree: TreeSitter.Tree, first: (tree: TreeSitter.Tree) => Cursor, second: (tree: TreeSitter.Tree) => Cursor): boolean {
  const record = (make: (tree: TreeSitter.Tree) => Cursor): number[] => {
    const c = make(tree);
    const out: number[] = [];
    const visit = (): void => {
      out.push(c.typeId(), c.startIndex(), c.endIndex(), c.isMissing() ? 1 : 0);
      if (c.gotoFirstChild()) {
        do visit();
        while (c.gotoNextSibling());
        c.gotoParent();
      }
    };
    try {
      visit();
    } finally {
      c.delete();
    }
    return out;
  };
  try {
    const a = record(first);
    const b = record(second);
    return a.length > 0 && a.length === b.length && a.every((x, i) => x === b[i]);
  } catch {
    return false;
  }
}
