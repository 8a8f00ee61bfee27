/**
 * Geometry of a zoomable matrix picture. At zoom 1 the matrix fills the canvas; the canvas
 * follows the matrix's aspect within bounds, so cells are square unless the matrix is
 * extremely wide or tall (a 20 × 3136 Jacobian), where they stretch rather than shrink to
 * a sliver. Cell (row, col) is drawn at (x + col·cw, y + row·ch). Pure, so zoom and
 * hit-testing are tested in Node; the canvas code only applies the numbers.
 */
export interface View {
  zoom: number;
  x: number;
  y: number;
}

export interface Extent {
  rows: number;
  cols: number;
  /** Canvas size in CSS pixels. */
  width: number;
  height: number;
}

/** Zooming stops once the smaller side of a cell reaches this: enough to read one cell. */
export const MAX_CELL_PX = 48;

export function cellSize(v: View, e: Extent): { w: number; h: number } {
  return { w: (v.zoom * e.width) / Math.max(1, e.cols), h: (v.zoom * e.height) / Math.max(1, e.rows) };
}

export function maxZoom(e: Extent): number {
  const base = cellSize({ zoom: 1, x: 0, y: 0 }, e);
  return Math.max(1, MAX_CELL_PX / Math.min(base.w, base.h));
}

export function fitView(): View {
  return { zoom: 1, x: 0, y: 0 };
}

/** Largest cell at the fit: a 2 × 2 matrix should not fill the panel. */
export const MAX_FIT_CELL_PX = 40;

/**
 * The canvas size for a matrix in `available` CSS pixels of width: square cells when the
 * bounds allow, stretched cells for an extremely wide or tall matrix.
 */
export function canvasSizeFor(rows: number, cols: number, available: number, bounds = { minW: 120, minH: 80, maxH: 420 }): { width: number; height: number } {
  if (rows <= 0 || cols <= 0) return { width: Math.max(bounds.minW, Math.round(available)), height: bounds.minH };
  let width = Math.min(available, cols * MAX_FIT_CELL_PX);
  let height = (rows * width) / cols;
  if (height > bounds.maxH) {
    height = bounds.maxH;
    width = Math.min(width, Math.max(bounds.minW, (bounds.maxH * cols) / rows));
  } else if (height < bounds.minH) {
    height = Math.min(bounds.minH, rows * MAX_FIT_CELL_PX);
  }
  return { width: Math.round(Math.max(Math.min(bounds.minW, available), width)), height: Math.round(height) };
}

/** Keeps the matrix on screen: zoom within bounds, no panning past its edges. */
export function clampView(v: View, e: Extent): View {
  const zoom = Math.max(1, Math.min(maxZoom(e), v.zoom));
  const w = zoom * e.width;
  const h = zoom * e.height;
  return { zoom, x: Math.min(0, Math.max(e.width - w, v.x)), y: Math.min(0, Math.max(e.height - h, v.y)) };
}

/** Zooms by `factor` keeping the point under (sx, sy) where it is. */
export function zoomAt(v: View, factor: number, sx: number, sy: number, e: Extent): View {
  const target = clampView({ ...v, zoom: v.zoom * factor }, e).zoom;
  const k = target / v.zoom;
  return clampView({ zoom: target, x: sx - (sx - v.x) * k, y: sy - (sy - v.y) * k }, e);
}

export function pan(v: View, dx: number, dy: number, e: Extent): View {
  return clampView({ zoom: v.zoom, x: v.x + dx, y: v.y + dy }, e);
}

export function cellAt(v: View, sx: number, sy: number, e: Extent): { row: number; col: number } | null {
  const c = cellSize(v, e);
  const col = Math.floor((sx - v.x) / c.w);
  const row = Math.floor((sy - v.y) / c.h);
  if (row < 0 || col < 0 || row >= e.rows || col >= e.cols) return null;
  return { row, col };
}

/** The first and last (inclusive) rows and columns that are at least partly visible. */
export function visibleRange(v: View, e: Extent): { row0: number; row1: number; col0: number; col1: number } {
  const c = cellSize(v, e);
  const clampTo = (n: number, hi: number) => Math.max(0, Math.min(hi - 1, n));
  return {
    row0: clampTo(Math.floor(-v.y / c.h), e.rows),
    row1: clampTo(Math.ceil((e.height - v.y) / c.h) - 1, e.rows),
    col0: clampTo(Math.floor(-v.x / c.w), e.cols),
    col1: clampTo(Math.ceil((e.width - v.x) / c.w) - 1, e.cols),
  };
}

/** Moves a keyboard cursor by (dr, dc), staying inside the matrix; the first key puts it at (0, 0). */
export function moveCursor(cursor: { row: number; col: number } | null, dr: number, dc: number, e: Pick<Extent, 'rows' | 'cols'>): { row: number; col: number } {
  if (!cursor) return { row: 0, col: 0 };
  return {
    row: Math.max(0, Math.min(e.rows - 1, cursor.row + dr)),
    col: Math.max(0, Math.min(e.cols - 1, cursor.col + dc)),
  };
}

/** Pans so that a cell is on screen (for the keyboard cursor). */
export function ensureVisible(v: View, row: number, col: number, e: Extent): View {
  const c = cellSize(v, e);
  let { x, y } = v;
  const left = x + col * c.w;
  const top = y + row * c.h;
  if (left < 0) x -= left;
  else if (left + c.w > e.width) x -= left + c.w - e.width;
  if (top < 0) y -= top;
  else if (top + c.h > e.height) y -= top + c.h - e.height;
  return clampView({ zoom: v.zoom, x, y }, e);
}
