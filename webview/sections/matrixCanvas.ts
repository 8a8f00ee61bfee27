/**
 * A zoomable picture of a matrix on a canvas, shared by the sparsity picture and the heat
 * map: axes labelled around it, zoom with the buttons, Ctrl+wheel, double-click or the
 * + / − / 0 keys, pan by dragging (or the wheel once zoomed in), and a read-out of the cell
 * under the pointer or the keyboard cursor (arrow keys).
 */
import type { Rgba } from '../lib/colorScale';
import { toCss } from '../lib/colorScale';
import {
  canvasSizeFor,
  cellAt,
  cellSize,
  clampView,
  ensureVisible,
  fitView,
  moveCursor,
  pan,
  zoomAt,
  visibleRange,
  type Extent,
  type View,
} from '../lib/matrixView';
import { paintRaster, type Raster } from '../lib/raster';
import { h } from '../dom';
import { readCanvasTheme, type CanvasTheme } from '../theme';

export interface MatrixCanvasOptions {
  rows: number;
  cols: number;
  raster: Raster;
  /** Colour of a raster pixel from how many cells it holds and its value. */
  colorOf: (theme: CanvasTheme, count: number, value: number | null) => Rgba;
  rowAxis: string;
  /** The row axis when the canvas is too short for the full label (a rotated label cannot wrap). */
  rowAxisShort: string;
  colAxis: string;
  /** The read-out for a cell. */
  describe: (row: number, col: number) => string;
  label: string;
  /** Shown when nothing is hovered. */
  hint: string;
  /** Extra content under the picture (a legend). */
  legend?: HTMLElement;
}

export interface MatrixCanvas {
  element: HTMLElement;
  /** Repaint with the current theme's colours. */
  refresh(): void;
}

export function matrixCanvas(opts: MatrixCanvasOptions): MatrixCanvas {
  const canvas = h('canvas', { class: 'matrix-canvas', attrs: { tabindex: 0, role: 'img', 'aria-label': opts.label } });
  const readout = h('div', { class: 'matrix-readout', text: opts.hint, attrs: { 'aria-live': 'polite' } });
  const zoomButton = (iconName: string, title: string, act: () => void) =>
    h('vscode-button', { title, attrs: { icon: iconName, 'icon-only': true, secondary: true, 'aria-label': title }, on: { click: act } });
  const toolbar = h(
    'div',
    { class: 'matrix-toolbar' },
    zoomButton('zoom-out', 'Zoom out (−)', () => zoomCenter(1 / 2)),
    zoomButton('zoom-in', 'Zoom in (+)', () => zoomCenter(2)),
    zoomButton('screen-normal', 'Fit (0)', () => fit()),
    h('span', { class: 'matrix-size', text: `${opts.rows} × ${opts.cols}` }),
  );
  const frame = h('div', { class: 'matrix-frame' }, canvas);
  const rowAxis = h('div', { class: 'matrix-axis matrix-axis-rows', text: opts.rowAxis, title: opts.rowAxis });
  const body = h(
    'div',
    { class: 'matrix-body' },
    h('div', { class: 'matrix-axis matrix-axis-cols', text: opts.colAxis, title: opts.colAxis }),
    rowAxis,
    frame,
  );
  const element = h('figure', { class: 'matrix' }, toolbar, body, readout, opts.legend ?? null);

  // The raster becomes a bitmap once per theme; zoom and pan just draw it scaled.
  const bitmap = document.createElement('canvas');
  bitmap.width = opts.raster.width;
  bitmap.height = opts.raster.height;
  let theme = readCanvasTheme();
  const paintBitmap = () => {
    const ctx = bitmap.getContext('2d');
    if (!ctx) return;
    const bytes = paintRaster(opts.raster, (count, value) => opts.colorOf(theme, count, value));
    ctx.putImageData(new ImageData(bytes, opts.raster.width, opts.raster.height), 0, 0);
  };
  paintBitmap();

  let extent: Extent = { rows: opts.rows, cols: opts.cols, width: 300, height: 200 };
  let view: View = fitView();
  let hover: { row: number; col: number } | null = null;
  let cursor: { row: number; col: number } | null = null;
  let fitted = true;

  const draw = () => {
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(extent.width * dpr);
    canvas.height = Math.round(extent.height * dpr);
    canvas.style.width = `${extent.width}px`;
    canvas.style.height = `${extent.height}px`;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = toCss(theme.background);
    ctx.fillRect(0, 0, extent.width, extent.height);
    const cell = cellSize(view, extent);
    const w = opts.cols * cell.w;
    const hgt = opts.rows * cell.h;
    ctx.save();
    ctx.beginPath();
    ctx.rect(view.x, view.y, w, hgt);
    ctx.clip();
    ctx.imageSmoothingEnabled = false;
    const r = opts.raster;
    ctx.drawImage(bitmap, 0, 0, r.width, r.height, view.x, view.y, r.width * r.colStride * cell.w, r.height * r.rowStride * cell.h);
    if (cell.w >= 8 && cell.h >= 8) drawGrid(ctx, cell);
    ctx.restore();
    ctx.strokeStyle = toCss(theme.border);
    ctx.lineWidth = 1;
    ctx.strokeRect(view.x + 0.5, view.y + 0.5, Math.max(0, w - 1), Math.max(0, hgt - 1));
    if (hover) drawMarker(ctx, hover, false);
    if (cursor) drawMarker(ctx, cursor, true);
  };

  const drawGrid = (ctx: CanvasRenderingContext2D, cell: { w: number; h: number }) => {
    ctx.strokeStyle = toCss({ ...theme.border, a: 0.35 });
    ctx.lineWidth = 1;
    ctx.beginPath();
    const { row0, row1, col0, col1 } = visibleRange(view, extent);
    for (let c = col0; c <= col1 + 1; c++) {
      const x = Math.round(view.x + c * cell.w) + 0.5;
      ctx.moveTo(x, view.y + row0 * cell.h);
      ctx.lineTo(x, view.y + (row1 + 1) * cell.h);
    }
    for (let r = row0; r <= row1 + 1; r++) {
      const y = Math.round(view.y + r * cell.h) + 0.5;
      ctx.moveTo(view.x + col0 * cell.w, y);
      ctx.lineTo(view.x + (col1 + 1) * cell.w, y);
    }
    ctx.stroke();
  };

  // A cell too small to outline gets a cross-hair instead.
  const drawMarker = (ctx: CanvasRenderingContext2D, cell: { row: number; col: number }, keyboard: boolean) => {
    // The pointer's cell in the text colour, the keyboard cursor in the focus colour, dashed.
    ctx.strokeStyle = toCss(keyboard ? theme.focus : theme.foreground);
    ctx.lineWidth = 2;
    ctx.setLineDash(keyboard ? [3, 2] : []);
    const size = cellSize(view, extent);
    const x = view.x + cell.col * size.w;
    const y = view.y + cell.row * size.h;
    if (size.w >= 4 && size.h >= 4) {
      ctx.strokeRect(x - 0.5, y - 0.5, size.w + 1, size.h + 1);
    } else {
      ctx.beginPath();
      ctx.moveTo(x + size.w / 2, view.y);
      ctx.lineTo(x + size.w / 2, view.y + opts.rows * size.h);
      ctx.moveTo(view.x, y + size.h / 2);
      ctx.lineTo(view.x + opts.cols * size.w, y + size.h / 2);
      ctx.stroke();
    }
    ctx.setLineDash([]);
  };

  const show = (cell: { row: number; col: number } | null) => {
    readout.textContent = cell ? opts.describe(cell.row, cell.col) : opts.hint;
  };
  const zoomCenter = (factor: number) => {
    view = zoomAt(view, factor, extent.width / 2, extent.height / 2, extent);
    fitted = false;
    draw();
  };
  const fit = () => {
    view = fitView();
    fitted = true;
    draw();
  };
  const point = (e: MouseEvent) => {
    const rect = canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };

  canvas.addEventListener('pointermove', (e) => {
    const p = point(e);
    if (drag) {
      view = pan(view, p.x - drag.x, p.y - drag.y, extent);
      drag = p;
      fitted = false;
    }
    hover = cellAt(view, p.x, p.y, extent);
    show(hover ?? cursor);
    draw();
  });
  canvas.addEventListener('pointerleave', () => {
    hover = null;
    show(cursor);
    draw();
  });
  let drag: { x: number; y: number } | null = null;
  canvas.addEventListener('pointerdown', (e) => {
    drag = point(e);
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointerup', (e) => {
    drag = null;
    canvas.releasePointerCapture(e.pointerId);
  });
  canvas.addEventListener('dblclick', (e) => {
    const p = point(e);
    view = zoomAt(view, e.shiftKey ? 0.5 : 2, p.x, p.y, extent);
    fitted = false;
    draw();
  });
  canvas.addEventListener(
    'wheel',
    (e) => {
      const p = point(e);
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        view = zoomAt(view, Math.exp(-e.deltaY / 300), p.x, p.y, extent);
        fitted = false;
        draw();
      } else if (!fitted) {
        // Zoomed in, the wheel pans the picture; at the fit it scrolls the panel as usual.
        e.preventDefault();
        view = pan(view, -e.deltaX, -e.deltaY, extent);
        draw();
      }
    },
    { passive: false },
  );
  canvas.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = { ArrowUp: [-step, 0], ArrowDown: [step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] };
    if (e.key in moves) {
      const [dr, dc] = moves[e.key];
      cursor = moveCursor(cursor, dr, dc, extent);
      view = ensureVisible(view, cursor.row, cursor.col, extent);
      show(cursor);
    } else if (e.key === '+' || e.key === '=') {
      const size = cellSize(view, extent);
      view = cursor
        ? zoomAt(view, 2, view.x + (cursor.col + 0.5) * size.w, view.y + (cursor.row + 0.5) * size.h, extent)
        : zoomAt(view, 2, extent.width / 2, extent.height / 2, extent);
      fitted = false;
    } else if (e.key === '-') {
      view = zoomAt(view, 0.5, extent.width / 2, extent.height / 2, extent);
    } else if (e.key === '0') {
      view = fitView();
      fitted = true;
    } else if (e.key === 'Escape' && cursor) {
      cursor = null;
      show(null);
    } else {
      return;
    }
    e.preventDefault();
    draw();
  });

  // Follow the panel's width; the canvas keeps the matrix's aspect within bounds.
  const resize = (available: number) => {
    const size = canvasSizeFor(opts.rows, opts.cols, Math.floor(available));
    const next: Extent = { rows: opts.rows, cols: opts.cols, ...size };
    if (next.width === extent.width && next.height === extent.height) return;
    extent = next;
    rowAxis.style.maxHeight = `${extent.height}px`;
    rowAxis.textContent = extent.height >= opts.rowAxis.length * 7 ? opts.rowAxis : opts.rowAxisShort;
    view = fitted ? fitView() : clampView(view, extent);
    draw();
  };
  // Drawing changes the canvas size: do it on the next frame, outside the observer's callback.
  new ResizeObserver((entries) => {
    const width = entries[entries.length - 1].contentRect.width;
    requestAnimationFrame(() => resize(width));
  }).observe(frame);

  return {
    element,
    refresh() {
      theme = readCanvasTheme();
      paintBitmap();
      draw();
    },
  };
}
