import assert from 'node:assert/strict';
import type { HostToWebview } from '../../../src/protocol/messages';
import { initialViewState, persistable, reduce, selectJacobianEntry, setCollapsed } from '../../../webview/state';
import { analysis, check, derivation, hostMessages, jacobian, note, progress } from '../protocol/fixtures';

describe('webview: state', () => {
  it('applies every host message type', () => {
    let s = initialViewState();
    for (const m of hostMessages) s = reduce(s, m).state;
    // The sequence ends with a reset: everything shown is gone, the folds stay.
    assert.equal(s.analysis, null);
    assert.equal(s.check, null);
    assert.equal(s.progress, null);
  });

  it('shows each payload in its own slot', () => {
    let s = initialViewState();
    s = reduce(s, { type: 'analysis/show', payload: analysis }).state;
    s = reduce(s, { type: 'jacobian/show', payload: jacobian }).state;
    s = reduce(s, { type: 'derivation/show', payload: derivation }).state;
    s = reduce(s, { type: 'check/show', payload: check }).state;
    assert.equal(s.analysis, analysis);
    assert.equal(s.jacobian, jacobian);
    assert.equal(s.derivation, derivation);
    assert.equal(s.check, check);
  });

  it('keeps a note until the panel follows something that is not one, and saves it', () => {
    let s = reduce(initialViewState(), { type: 'note/show', payload: note }).state;
    assert.equal(s.note, note);
    assert.equal(persistable(s).note, note);
    s = reduce(s, { type: 'note/show', payload: null }).state;
    assert.equal(s.note, null);
  });

  it('hides only the progress bar it was asked to hide', () => {
    let s = reduce(initialViewState(), { type: 'progress/show', payload: progress }).state;
    s = reduce(s, { type: 'progress/hide', id: 'task-0' }).state;
    assert.equal(s.progress, progress);
    s = reduce(s, { type: 'progress/hide', id: progress.id }).state;
    assert.equal(s.progress, null);
  });

  it('opens a folded section it is asked to focus, and says to scroll there', () => {
    const folded = setCollapsed(initialViewState(), 'check', true);
    assert.deepEqual(folded.ui.collapsed, ['check']);
    const { state, effects } = reduce(folded, { type: 'panel/focus', section: 'check' });
    assert.deepEqual(state.ui.collapsed, []);
    assert.equal(effects.focus, 'check');
  });

  it('keeps the chosen Jacobian entry while it still exists', () => {
    let s = reduce(initialViewState(), { type: 'jacobian/show', payload: jacobian }).state;
    s = selectJacobianEntry(s, 'op-9');
    s = reduce(s, { type: 'jacobian/show', payload: jacobian }).state;
    assert.equal(s.ui.jacobianEntry, 'op-9');
    s = reduce(s, { type: 'jacobian/show', payload: { ...jacobian, perOp: [] } }).state;
    assert.equal(s.ui.jacobianEntry, null);
  });

  it('persists the payloads and folds but not the progress bar or the notice', () => {
    let s = reduce(initialViewState(), { type: 'progress/show', payload: progress }).state;
    s = reduce(s, { type: 'notice/show', payload: { level: 'info', text: 'hi' } } as HostToWebview).state;
    const saved = persistable(s);
    assert.equal('progress' in saved, false);
    assert.equal('notice' in saved, false);
    assert.equal(initialViewState(saved).progress, null);
  });
});
