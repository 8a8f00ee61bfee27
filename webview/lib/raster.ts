/**
 * A matrix turned into a bitmap the canvas can scale: one pixel per cell when it fits,
 * otherwise one pixel per block of cells (keeping the value of largest magnitude, so a
 * lone nonzero or a large error never disappears when zoomed out).
 */
import type { Rgba } from './colorScale';

export interface Raster {
  width: number;
  height: number;
  /** Matrix cells per pixel along each axis. */
  rowStride: number;
  colStride: number;
  /** Per pixel: how many cells of the block are set (structural nonzeros), capped at 255. */
  count: Uint8Array;
  /** Per pixel: the value of largest magnitude in the block; NaN where none is known. */
  value: Float64Array;
}

/** Side of the largest bitmap: 2048² RGBA is 16 MB, about what a webview should hold for one picture. */
export const MAX_RASTER_SIDE = 2048;

function emptyRaster(rows: number, cols: number, maxSide: number): Raster {
  const rowStride = Math.max(1, Math.ceil(rows / maxSide));
  const colStride = Math.max(1, Math.ceil(cols / maxSide));
  const width = Math.max(1, Math.ceil(cols / colStride));
  const height = Math.max(1, Math.ceil(rows / rowStride));
  return { width, height, rowStride, colStride, count: new Uint8Array(width * height), value: new Float64Array(width * height).fill(NaN) };
}

function put(r: Raster, row: number, col: number, v: number | null): void {
  const p = Math.floor(row / r.rowStride) * r.width + Math.floor(col / r.colStride);
  if (r.count[p] < 255) r.count[p]++;
  if (v !== null && Number.isFinite(v) && !(Math.abs(r.value[p]) >= Math.abs(v))) r.value[p] = v;
}

/** A sparsity pattern: structural nonzeros with optional values. */
export function rasterizePattern(
  rows: number,
  cols: number,
  nonzeros: readonly (readonly [number, number])[],
  values: readonly (number | null)[] | null,
  maxSide = MAX_RASTER_SIDE,
): Raster {
  const r = emptyRaster(rows, cols, maxSide);
  for (let k = 0; k < nonzeros.length; k++) {
    const [i, j] = nonzeros[k];
    if (i < rows && j < cols) put(r, i, j, values ? values[k] : null);
  }
  return r;
}

/** A dense row-major matrix (the heat map), every cell present. */
export function rasterizeDense(rows: number, cols: number, values: readonly (number | null)[], maxSide = MAX_RASTER_SIDE): Raster {
  const r = emptyRaster(rows, cols, maxSide);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) put(r, i, j, values[i * cols + j] ?? null);
  return r;
}

/** RGBA bytes for an ImageData, colouring each pixel from its count and value. */
export function paintRaster(r: Raster, color: (count: number, value: number | null) => Rgba): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(r.width * r.height * 4);
  for (let p = 0; p < r.count.length; p++) {
    const v = r.value[p];
    const c = color(r.count[p], Number.isNaN(v) ? null : v);
    out[p * 4] = c.r;
    out[p * 4 + 1] = c.g;
    out[p * 4 + 2] = c.b;
    out[p * 4 + 3] = Math.round(c.a * 255);
  }
  return out;
}

/** Finds the value at (row, col) of a pattern: undefined when the cell is a structural zero. */
export function patternLookup(
  cols: number,
  nonzeros: readonly (readonly [number, number])[],
  values: readonly (number | null)[] | null,
): (row: number, col: number) => { value: number | null } | undefined {
  const at = new Map<number, number>();
  nonzeros.forEach(([i, j], k) => at.set(i * cols + j, k));
  return (row, col) => {
    const k = at.get(row * cols + col);
    return k === undefined ? undefined : { value: values ? values[k] : null };
  };
}
