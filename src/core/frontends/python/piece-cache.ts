import type { PieceStore, PyNode, ReadPiece } from './tree';

/**
 * The pieces of the last text read, by their text. The editor reads a file again at every
 * pause in typing, and a keystroke changes one piece of it: the others' trees are taken
 * from here instead of being parsed and read again (parsing is about 40% of an analysis).
 * A piece that moved (text inserted above it) has its offsets shifted in place.
 *
 * Kept: the pieces of the last reading only, so a file's trees live until the next
 * reading, not longer. The trees are handed out as they are; the reading's users treat
 * them as read-only (named() and dottedName() fill caches that depend on the text alone).
 */
export class PieceCache implements PieceStore {
  private last = new Map<string, ReadPiece>();
  private next = new Map<string, ReadPiece>();

  /** The piece read from `text` when it started at some offset, moved to start at `from`. */
  take(key: string, from: number): ReadPiece | undefined {
    // The same text twice in one file: its trees are handed out once; the second is read anew.
    if (this.next.has(key)) return undefined;
    const piece = this.last.get(key);
    if (!piece) return undefined;
    if (piece.from !== from) move(piece, from - piece.from);
    this.next.set(key, piece);
    return piece;
  }

  keep(key: string, piece: ReadPiece): void {
    this.next.set(key, piece);
  }

  /** The reading is done: what it did not use is let go. */
  done(): void {
    this.last = this.next;
    this.next = new Map();
  }
}

function move(piece: ReadPiece, delta: number): void {
  piece.from += delta;
  piece.root.start += delta;
  piece.root.end += delta;
  // The errors and deep subtrees are nodes of the statements, or the piece's root node itself: each moves once.
  const moved = new Set<PyNode>();
  const stack = [...piece.statements, ...piece.errors, ...piece.deep];
  while (stack.length) {
    const node = stack.pop() as PyNode;
    // Anonymous tokens are shared objects at -1 (see tree.ts): they have no place to move.
    if (node.start < 0 || moved.has(node)) continue;
    moved.add(node);
    node.start += delta;
    node.end += delta;
    for (const child of node.children) stack.push(child);
  }
}
