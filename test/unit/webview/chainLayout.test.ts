import assert from 'node:assert/strict';
import { CHAIN_METRICS, layoutChain, type ChainItem } from '../../../webview/lib/chainLayout';

const measure = (text: string) => text.length * 7;
const seed: ChainItem[] = [
  { label: 'C', edge: '(N, 1568)', kind: 'input' },
  { label: '·B', edge: '(N, 1024)', kind: 'op' },
  { label: '·A', edge: '(N, 10)', kind: 'op' },
  { label: 'softmax', edge: '(N, 10)', kind: 'op' },
  { label: 'cross-entropy', edge: '()', kind: 'op' },
];

describe('webview: chain layout', () => {
  it('puts the whole seed chain on one row when it fits, a shape on every edge', () => {
    const l = layoutChain(seed, 2000, measure);
    assert.equal(l.boxes.length, 5);
    assert.ok(l.boxes.every((b) => b.y === l.boxes[0].y));
    assert.equal(l.edges.length, 5, 'four between the boxes and one out of the loss');
    assert.deepEqual(l.edges.map((e) => e.label), ['(N, 1568)', '(N, 1024)', '(N, 10)', '(N, 10)', '()']);
    for (let i = 0; i + 1 < l.boxes.length; i++) {
      const gap = l.boxes[i + 1].x - (l.boxes[i].x + l.boxes[i].w);
      assert.ok(gap >= measure(seed[i].edge!), `edge ${i} is wide enough for its label`);
    }
    assert.equal(l.height, CHAIN_METRICS.boxH + 2 * CHAIN_METRICS.margin);
  });

  it('wraps into rows in a narrow panel, an edge running back to the next row', () => {
    const width = 260;
    const l = layoutChain(seed, width, measure);
    const rows = new Set(l.boxes.map((b) => b.y));
    assert.ok(rows.size >= 2);
    for (const b of l.boxes) assert.ok(b.x + b.w <= width, 'every box inside the width');
    const wrapped = l.edges.find((e) => e.points.length > 2)!;
    assert.ok(wrapped, 'a wrapped edge');
    const [, , , , , last] = wrapped.points;
    const target = l.boxes[wrapped.from + 1];
    assert.deepEqual(last, [target.x, target.y + target.h / 2], 'it ends at the next box');
    assert.ok(l.height > CHAIN_METRICS.boxH * 2);
  });

  it('lets a single box wider than the panel overflow rather than loop', () => {
    const l = layoutChain([{ label: 'x'.repeat(100), edge: null, kind: 'op' }], 100, measure);
    assert.equal(l.boxes.length, 1);
    assert.ok(l.width > 100);
    assert.equal(l.edges.length, 0);
  });

  it('is empty for no steps', () => {
    assert.deepEqual(layoutChain([], 300, measure), { width: 0, height: 0, boxes: [], edges: [] });
  });
});
