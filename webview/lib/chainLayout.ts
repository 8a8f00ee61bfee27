/**
 * Lays out the chain diagram (C → ·B → ·A → softmax → cross-entropy) in rows that fit the
 * panel's width, with the tensor's shape written on every edge. A row that is full wraps:
 * its last edge runs down and back to the start of the next row. Pure: text is measured
 * by a function the caller passes (the canvas in the webview, a fixed width in tests).
 */
export interface ChainItem {
  label: string;
  /** The shape on the edge that leaves this node; null draws an unlabelled edge. */
  edge: string | null;
  kind: 'input' | 'op';
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  index: number;
}

export interface Edge {
  /** Polyline from the source box to the target (the last point carries the arrow head). */
  points: [number, number][];
  label: string | null;
  labelX: number;
  labelY: number;
  /** Index of the node the edge leaves. */
  from: number;
}

export interface ChainLayout {
  width: number;
  height: number;
  boxes: Box[];
  edges: Edge[];
}

export const CHAIN_METRICS = {
  boxH: 26,
  padX: 10,
  minEdge: 26,
  labelPad: 8,
  rowGap: 30,
  margin: 6,
  /** Room for the arrow that enters a wrapped row from the left. */
  indent: 18,
} as const;

export function layoutChain(items: readonly ChainItem[], maxWidth: number, measure: (text: string, kind: 'label' | 'edge') => number): ChainLayout {
  const m = CHAIN_METRICS;
  if (items.length === 0) return { width: 0, height: 0, boxes: [], edges: [] };
  const widths = items.map((it) => Math.ceil(measure(it.label, 'label')) + 2 * m.padX);
  const edgeWidths = items.map((it) => (it.edge ? Math.max(m.minEdge, Math.ceil(measure(it.edge, 'edge')) + 2 * m.labelPad) : m.minEdge));
  // The last node's edge leads out of the diagram to an invisible end of width 0.
  const last = items.length - 1;
  const hasTail = items[last].edge !== null;

  const boxes: Box[] = [];
  const rowOf: number[] = [];
  let row = 0;
  let x = m.margin;
  for (let i = 0; i < items.length; i++) {
    if (i > 0) {
      const needed = edgeWidths[i - 1] + widths[i] + (i === last && hasTail ? edgeWidths[last] : 0);
      if (x + needed > maxWidth - m.margin && x > m.margin + m.indent + 1) {
        row++;
        x = m.margin + m.indent;
      } else {
        x += edgeWidths[i - 1];
      }
    }
    boxes.push({ x, y: m.margin + row * (m.boxH + m.rowGap), w: widths[i], h: m.boxH, index: i });
    rowOf.push(row);
    x += widths[i];
  }

  const edges: Edge[] = [];
  const cy = (b: Box) => b.y + b.h / 2;
  for (let i = 0; i < items.length; i++) {
    const a = boxes[i];
    const label = items[i].edge;
    if (i === last) {
      if (!hasTail) break;
      const x1 = a.x + a.w;
      const x2 = x1 + edgeWidths[i];
      edges.push({ points: [[x1, cy(a)], [x2, cy(a)]], label, labelX: (x1 + x2) / 2, labelY: cy(a) - 5, from: i });
      break;
    }
    const b = boxes[i + 1];
    if (rowOf[i] === rowOf[i + 1]) {
      const x1 = a.x + a.w;
      const x2 = b.x;
      edges.push({ points: [[x1, cy(a)], [x2, cy(b)]], label, labelX: (x1 + x2) / 2, labelY: cy(a) - 5, from: i });
    } else {
      // Down from the right of the row, back left in the gap, down and into the next row.
      const out = a.x + a.w + 8;
      const mid = a.y + a.h + m.rowGap / 2;
      const back = m.margin + 4;
      edges.push({
        points: [
          [a.x + a.w, cy(a)],
          [out, cy(a)],
          [out, mid],
          [back, mid],
          [back, cy(b)],
          [b.x, cy(b)],
        ],
        label,
        labelX: (out + back) / 2,
        labelY: mid - 4,
        from: i,
      });
    }
  }

  let width = 0;
  for (const b of boxes) width = Math.max(width, b.x + b.w);
  for (const e of edges) for (const [px] of e.points) width = Math.max(width, px);
  const lastBox = boxes[boxes.length - 1];
  return { width: Math.ceil(width + m.margin), height: lastBox.y + lastBox.h + m.margin, boxes, edges };
}
