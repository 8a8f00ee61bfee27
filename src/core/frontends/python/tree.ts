import type TreeSitter = require('web-tree-sitter');
import type { PythonParser } from './parser';

/**
 * A plain-object copy of the tree-sitter tree. Every property read on a web-tree-sitter node
 * is a call into wasm (with marshalling), which costs more than parsing itself; so the tree
 * is read once, with a cursor, into these objects, the wasm tree is deleted at once, and the
 * lowering walks JavaScript objects only.
 *
 * To keep the wasm calls few, positions are not asked for but followed along the text: in a
 * tree without errors every token starts at the first non-blank character after the previous
 * one, an anonymous token's text is its type, an identifier ends where its word ends, and a
 * node spans its children. Strings (whose insides are not plain tokens), numbers and comments
 * have their positions read from the tree; a tree with errors is read exactly throughout.
 */
export interface PyNode {
  /** Grammar type; anonymous tokens carry their literal (`+`, `(`, `not in`). */
  type: string;
  named: boolean;
  /**
   * UTF-16 offsets into the text (web-tree-sitter parses JavaScript strings as UTF-16).
   * Anonymous tokens are shared objects with -1 here unless the tree has errors.
   */
  start: number;
  end: number;
  children: PyNode[];
  /** Is or contains an ERROR or MISSING node. */
  error: boolean;
  missing: boolean;
  /** Filled on first use by named(): the lowering asks for them more than once. */
  namedChildren?: PyNode[];
  /** Filled on first use by dottedName(): `a.b.c`, or null when not a dotted name. */
  dotted?: string | null;
}

export interface ReadTree {
  root: PyNode;
  /** Outermost ERROR nodes and MISSING nodes outside them, in document order. */
  errors: PyNode[];
  /** Subtrees below MAX_TREE_DEPTH, left unread: ERROR-typed placeholders (not syntax errors). */
  deep: PyNode[];
}

/**
 * The reader and the lowering recurse over the tree; deeper subtrees (thousands of nested
 * brackets or a 20,000-term sum on one line) are not read, so the stack cannot run out. An
 * expression this deep is beyond MAX_EXPR_DEPTH anyway (each of its levels is at least one
 * tree level), so the statement that holds it is skipped with a 'too-deep' problem.
 */
export const MAX_TREE_DEPTH = 400;

/** How a named node type is read when positions are followed along the text. */
const enum Leaf {
  /** Not a leaf type: read the children, span them. */
  None,
  /** identifier, True, False, None: a word. */
  Word,
  /** A fixed text: `...`, a line continuation. */
  Fixed,
  /** Numbers and comments: the end is read from the tree. */
  End,
  /** Strings: read exactly, children and all. */
  Exact,
}

const LEAF_KINDS: Record<string, Leaf> = {
  identifier: Leaf.Word, true: Leaf.Word, false: Leaf.Word, none: Leaf.Word,
  ellipsis: Leaf.Fixed, line_continuation: Leaf.Fixed,
  integer: Leaf.End, float: Leaf.End, comment: Leaf.End,
  string: Leaf.Exact,
};

/** Types that never have children in the exact reader either. */
const LEAF_TYPES = new Set(['identifier', 'integer', 'float', 'comment', 'true', 'false', 'none', 'ellipsis', 'string_start', 'string_content', 'string_end', 'escape_sequence', 'line_continuation']);

const NO_CHILDREN: PyNode[] = Object.freeze([]) as unknown as PyNode[];

interface Tables {
  leafKind: Leaf[];
  isLeaf: boolean[];
  /** One shared object per anonymous token type. */
  tokens: PyNode[];
}
const tablesByParser = new WeakMap<PythonParser, Tables>();

function tablesFor(py: PythonParser): Tables {
  let t = tablesByParser.get(py);
  if (!t) {
    t = {
      leafKind: py.types.map((type) => LEAF_KINDS[type] ?? Leaf.None),
      isLeaf: py.types.map((type) => LEAF_TYPES.has(type)),
      tokens: py.types.map((type, id) => ({ type, named: py.named[id], start: -1, end: -1, children: NO_CHILDREN, error: false, missing: false, namedChildren: undefined, dotted: undefined })),
    };
    tablesByParser.set(py, t);
  }
  return t;
}

export interface ReadOptions {
  /** Read every position from the tree (tests compare the two readings). */
  exact?: boolean;
  /**
   * Takes each top-level statement as soon as it is read; the root then keeps no children.
   * A caller that lowers statements here never holds the copy of the whole file, which
   * would otherwise live through the lowering and be copied by every scavenge.
   */
  onStatement?: (statement: PyNode) => void;
  /** Where the subtrees too deep to read are collected as they are met (else a new array). */
  deep?: PyNode[];
  /** Where the text may be parsed in pieces (Repaired.cuts); parsed whole without. */
  cuts?: number[];
  /** Ranges the parser is not to read, ascending (Repaired.skips). */
  skips?: { start: number; end: number }[];
  /** Trees of pieces read before, reused when a piece's text is the same (piece-cache.ts). */
  cache?: PieceStore;
}

/** A piece as read: its statements' trees and what the reading collected from them. */
export interface ReadPiece {
  /** Where the piece started when it was read, or last moved. */
  from: number;
  root: { type: string; start: number; end: number; error: boolean };
  statements: PyNode[];
  errors: PyNode[];
  deep: PyNode[];
}

/** Where pieces read before are kept, by key (the piece's text and the reading mode). */
export interface PieceStore {
  /** The piece kept under `key`, moved to start at `from`; undefined when there is none. */
  take(key: string, from: number): ReadPiece | undefined;
  keep(key: string, piece: ReadPiece): void;
  /** The reading is done. */
  done(): void;
}

/**
 * Parses `text` and returns it as plain objects; each tree-sitter tree is deleted as soon as
 * it is read. With `cuts` (top-level statement starts, see Repaired), each piece between two
 * cuts is parsed and read on its own, in order, as if the text were parsed whole.
 */
export function readTree(py: PythonParser, text: string, options: ReadOptions = {}): ReadTree {
  const errors: PyNode[] = [];
  const deep = options.deep ?? [];
  const kept: PyNode[] = [];
  const take = options.onStatement ?? ((statement: PyNode) => kept.push(statement));
  const cuts = options.cuts ?? [];
  const skips = options.skips ?? [];
  let root: PyNode | undefined;
  const position = new PositionFollower(text);
  let skip = 0;
  for (let k = 0; k <= cuts.length; k++) {
    const start = k === 0 ? 0 : cuts[k - 1];
    const end = k === cuts.length ? text.length : cuts[k];
    let ranges: TreeSitter.Range[] | undefined;
    if (cuts.length > 0 || skips.length > 0) {
      // The piece less its skipped ranges: tree-sitter reads only those parts of the text, and reports offsets into the whole.
      ranges = [];
      let from = start;
      for (; skip < skips.length && skips[skip].start < end; skip++) {
        ranges.push(position.range(from, skips[skip].start));
        from = skips[skip].end;
      }
      ranges.push(position.range(from, end));
    }
    const piece = options.cache ? cachedPiece(options.cache, py, text, start, end, ranges, options.exact === true, take, errors, deep) : readPiece(py, text, start, ranges, options.exact === true, take, errors, deep);
    if (!root) root = piece;
    else {
      root.end = piece.end;
      root.error ||= piece.error;
    }
  }
  options.cache?.done();
  if (root && kept.length) root.children = kept;
  return { root: root as PyNode, errors, deep };
}

/** readPiece, or the same piece read before (its text unchanged), taken from the cache. */
function cachedPiece(cache: PieceStore, py: PythonParser, text: string, start: number, end: number, ranges: TreeSitter.Range[] | undefined, exact: boolean, take: (statement: PyNode) => void, errors: PyNode[], deep: PyNode[]): PyNode {
  // The reading mode is part of the key: an exact reading has positions on every token.
  const key = (exact ? 'e' : 'f') + text.slice(start, end);
  const known = cache.take(key, start);
  if (known) {
    for (const statement of known.statements) take(statement);
    errors.push(...known.errors);
    deep.push(...known.deep);
    const { type, start: from, end: to, error } = known.root;
    return { type, named: true, start: from, end: to, children: NO_CHILDREN, error, missing: false, namedChildren: undefined, dotted: undefined };
  }
  const statements: PyNode[] = [];
  const [errorsBefore, deepBefore] = [errors.length, deep.length];
  const root = readPiece(py, text, start, ranges, exact, (statement) => {
    statements.push(statement);
    take(statement);
  }, errors, deep);
  cache.keep(key, { from: start, root: { type: root.type, start: root.start, end: root.end, error: root.error }, statements, errors: errors.slice(errorsBefore), deep: deep.slice(deepBefore) });
  return root;
}

/**
 * Row and column of ascending offsets, counted along the text once. Tree-sitter wants them
 * with each range; the reading uses offsets only.
 */
class PositionFollower {
  private at = 0;
  private row = 0;
  private lineStart = 0;
  constructor(private readonly text: string) {}

  private point(offset: number): TreeSitter.Point {
    for (let nl = this.text.indexOf('\n', this.at); nl >= 0 && nl < offset; nl = this.text.indexOf('\n', nl + 1)) {
      this.row++;
      this.lineStart = nl + 1;
    }
    this.at = offset;
    return { row: this.row, column: offset - this.lineStart };
  }

  range(start: number, end: number): TreeSitter.Range {
    return { startIndex: start, endIndex: end, startPosition: this.point(start), endPosition: this.point(end) };
  }
}

/**
 * Parses one piece of `text` (all of it without ranges) and reads it: its top-level
 * statements go to `take` one by one as they are read; the root is returned without them.
 */
function readPiece(py: PythonParser, text: string, from: number, ranges: TreeSitter.Range[] | undefined, exact: boolean, take: (statement: PyNode) => void, errors: PyNode[], deep: PyNode[]): PyNode {
  const tree = ranges ? py.parser.parse(text, null, { includedRanges: ranges }) : py.parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  // Asked before the walk: the cursor may hold wasm's transfer buffer until it is deleted.
  const hasError = tree.rootNode.hasError;
  // A tree with errors is read exactly: positions cannot be followed along the text there.
  const exactly = hasError || exact;
  const cursor = py.walk(tree);
  try {
    const { types, named } = py;
    const { leafKind, isLeaf, tokens } = tablesFor(py);
    const n = text.length;
    let pos = from;
    let depth = 0;
    /**
     * Children being read, for every open node at once; each node takes its own off the top
     * as an array of the exact size. Pushing into a fresh array per node would reserve room
     * for 17 children in each. Its length only grows (`top` marks the end in use): cutting
     * the length would let V8 shrink it and grow it again for every node.
     */
    const pending: PyNode[] = [];
    let top = 0;

    /** A subtree too deep to read: an ERROR-typed placeholder over its text. */
    const cut = (): PyNode => {
      const node: PyNode = { type: 'ERROR', named: true, start: cursor.startIndex(), end: cursor.endIndex(), children: NO_CHILDREN, error: true, missing: false, namedChildren: undefined, dotted: undefined };
      deep.push(node);
      pos = node.end;
      return node;
    };

    const skipBlanks = (p: number): number => {
      while (p < n && isBlank(text.charCodeAt(p))) p++;
      return p;
    };

    const readExact = (insideError: boolean): PyNode => {
      const id = cursor.typeId();
      const isNamed = id < named.length ? named[id] : true;
      const type = id < types.length ? types[id] : 'ERROR';
      if (isNamed && !(id < isLeaf.length && isLeaf[id]) && depth >= MAX_TREE_DEPTH) return cut();
      const missing = hasError && cursor.isMissing();
      const node: PyNode = { type, named: isNamed, start: cursor.startIndex(), end: cursor.endIndex(), children: NO_CHILDREN, error: missing || type === 'ERROR', missing, namedChildren: undefined, dotted: undefined };
      if (!insideError && node.error) errors.push(node);
      // Anonymous tokens such as `not in` have their words as children; they are one token here.
      if (isNamed && !(id < isLeaf.length && isLeaf[id]) && cursor.gotoFirstChild()) {
        const inside = insideError || type === 'ERROR';
        node.children = [];
        depth++;
        do {
          const child = readExact(inside);
          if (child.error) node.error = true;
          node.children.push(child);
        } while (cursor.gotoNextSibling());
        depth--;
        cursor.gotoParent();
      }
      pos = node.end;
      return node;
    };

    const readFollowing = (): PyNode => {
      const id = cursor.typeId();
      if (id >= named.length) return readExact(false);
      const type = types[id];
      if (!named[id]) {
        const start = skipBlanks(pos);
        // `not in` / `is not` may hold any blanks between their words: ask the tree.
        pos = text.startsWith(type, start) ? start + type.length : cursor.endIndex();
        return tokens[id];
      }
      const start = skipBlanks(pos);
      switch (leafKind[id]) {
        case Leaf.Word: {
          let end = start;
          while (end < n && isWordChar(text.charCodeAt(end))) end++;
          if (end === start) end = cursor.endIndex();
          return leaf(type, start, (pos = end));
        }
        case Leaf.Fixed: {
          let end = start + 1;
          if (type === 'ellipsis') end = start + 3;
          else if (text.charCodeAt(end) === 13) end += 2;
          else end += 1;
          return leaf(type, start, (pos = end));
        }
        case Leaf.End:
          return leaf(type, start, (pos = cursor.endIndex()));
        case Leaf.Exact:
          return readExact(false);
        default: {
          if (depth >= MAX_TREE_DEPTH) return cut();
          if (!cursor.gotoFirstChild()) return leaf(type, cursor.startIndex(), (pos = cursor.endIndex()));
          const first = top;
          let plain = true; // no tokens or extras among the children: they are also the named ones
          let error = false; // only a subtree too deep to read (the tree itself has no errors here)
          depth++;
          do {
            const child = readFollowing();
            if (!child.named || isExtra(child)) plain = false;
            if (child.error) error = true;
            pending[top++] = child;
          } while (cursor.gotoNextSibling());
          depth--;
          cursor.gotoParent();
          const children = pending.slice(first, top);
          top = first;
          return { type, named: true, start, end: pos, children, error, missing: false, namedChildren: plain ? children : undefined, dotted: undefined };
        }
      }
    };

    /** The root (read exactly), whose children, the top-level statements, go to `take` one by one as they are read. */
    const readRoot = (): PyNode => {
      const id = cursor.typeId();
      const type = id < types.length ? types[id] : 'ERROR';
      const root: PyNode = { type, named: true, start: cursor.startIndex(), end: cursor.endIndex(), children: NO_CHILDREN, error: type === 'ERROR', missing: false, namedChildren: undefined, dotted: undefined };
      if (root.error) errors.push(root);
      const insideError = root.error;
      if (cursor.gotoFirstChild()) {
        depth++;
        do {
          const child = exactly ? readExact(insideError) : readFollowing();
          if (child.error) root.error = true;
          take(child);
        } while (cursor.gotoNextSibling());
        depth--;
        cursor.gotoParent();
      }
      return root;
    };

    return readRoot();
  } finally {
    cursor.delete();
    tree.delete();
  }
}

function leaf(type: string, start: number, end: number): PyNode {
  return { type, named: true, start, end, children: NO_CHILDREN, error: false, missing: false, namedChildren: undefined, dotted: undefined };
}

/** Whitespace the Python grammar skips between tokens. */
function isBlank(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x85 || c === 0xfeff || c === 0x2060 || c === 0x200b || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || (c > 127 && !isBlank(c));
}

/** Comments and line continuations: the grammar's extras, which may sit between any two tokens. */
function isExtra(node: PyNode): boolean {
  return node.type === 'comment' || node.type === 'line_continuation';
}

/** Named children without extras. Cached on the node: do not mutate. */
export function named(node: PyNode): PyNode[] {
  if (node.namedChildren) return node.namedChildren;
  if (node.children.length === 0) return NO_CHILDREN;
  // Counted first and filled at their exact size: pushing would reserve room for 17.
  let count = 0;
  for (const c of node.children) if (c.named && !isExtra(c)) count++;
  const out = new Array<PyNode>(count);
  let i = 0;
  for (const c of node.children) if (c.named && !isExtra(c)) out[i++] = c;
  node.namedChildren = out;
  return out;
}

export function firstNamed(node: PyNode): PyNode | undefined {
  for (const c of node.children) if (c.named && !isExtra(c)) return c;
  return undefined;
}

export function childOfType(node: PyNode, type: string): PyNode | undefined {
  for (const c of node.children) if (c.type === type) return c;
  return undefined;
}
