import assert from 'node:assert/strict';
import { noteVerdicts, rangesOverlap } from '../../../webview/lib/noteVerdicts';
import { check, note, noteCheck } from '../protocol/fixtures';

describe('webview: the verdicts on a note', () => {
  it("puts each verdict on the line it overlaps, and none where the check said nothing", () => {
    const v = noteVerdicts(note, noteCheck);
    assert.equal(v.state, 'checked');
    assert.deepEqual(
      v.lines.map((g) => g?.verdict ?? null),
      ['wrong', null, 'correct', 'wrong'],
    );
    assert.match(v.lines[3]?.message ?? '', /holds only when N = 1/);
  });

  it("shows no verdicts of another document, nor of an earlier version of this one", () => {
    assert.equal(noteVerdicts(note, null).state, 'none');
    assert.equal(noteVerdicts(note, check).state, 'none');
    const earlier = { ...noteCheck, document: { ...noteCheck.document!, version: note.document.version - 1 } };
    const stale = noteVerdicts(note, earlier);
    assert.equal(stale.state, 'stale');
    assert.ok(stale.lines.every((g) => g === null));
  });

  it('tells overlapping ranges from touching ones and from other cells', () => {
    const r = (line: number, column: number, endLine: number, endColumn: number, cell: number | null = null) => ({ cell, line, column, endLine, endColumn });
    assert.ok(rangesOverlap(r(40, 10, 40, 20), r(40, 15, 40, 30)));
    assert.ok(rangesOverlap(r(3, 1, 5, 1), r(4, 7, 4, 9)));
    assert.ok(!rangesOverlap(r(40, 10, 40, 20), r(40, 20, 40, 30)));
    assert.ok(!rangesOverlap(r(1, 1, 1, 9, 0), r(1, 1, 1, 9, 1)));
  });
});
