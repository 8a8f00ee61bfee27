/**
 * The panel's state and how each host message changes it. Pure (no DOM), so the
 * webview's reaction to every message type is unit-tested in Node, and the switch is
 * exhaustive: a new message type does not compile until it is handled here.
 */
import { assertNever, type HostToWebview, type Notice, type ProgressPayload, type SectionId } from '../src/protocol/messages';
import { emptyPanelState, type PanelState } from '../src/protocol/state';

export interface ViewState extends PanelState {
  /** Not persisted: a check in progress belongs to the host's session, not to a reload. */
  progress: ProgressPayload | null;
  notice: Notice | null;
}

/** What the DOM should do besides re-rendering. */
export interface Effects {
  focus: SectionId | null;
}

export const initialViewState = (persisted: PanelState = emptyPanelState()): ViewState => ({ ...persisted, progress: null, notice: null });

export function persistable(s: ViewState): PanelState {
  return { version: s.version, analysis: s.analysis, jacobian: s.jacobian, derivation: s.derivation, check: s.check, note: s.note, ui: s.ui };
}

export function reduce(s: ViewState, msg: HostToWebview): { state: ViewState; effects: Effects } {
  const none: Effects = { focus: null };
  switch (msg.type) {
    case 'analysis/show':
      return { state: { ...s, analysis: msg.payload }, effects: none };
    case 'jacobian/show': {
      const ids = new Set([...(msg.payload.chain ? [msg.payload.chain.id] : []), ...msg.payload.perOp.map((e) => e.id)]);
      const keep = s.ui.jacobianEntry !== null && ids.has(s.ui.jacobianEntry);
      return { state: { ...s, jacobian: msg.payload, ui: { ...s.ui, jacobianEntry: keep ? s.ui.jacobianEntry : null } }, effects: none };
    }
    case 'derivation/show':
      return { state: { ...s, derivation: msg.payload }, effects: none };
    case 'check/show':
      return { state: { ...s, check: msg.payload }, effects: none };
    case 'note/show':
      return { state: { ...s, note: msg.payload }, effects: none };
    case 'progress/show':
      return { state: { ...s, progress: msg.payload }, effects: none };
    case 'progress/hide':
      // A late "hide" of an earlier task must not hide the current one.
      return { state: s.progress?.id === msg.id ? { ...s, progress: null } : s, effects: none };
    case 'notice/show':
      return { state: { ...s, notice: msg.payload }, effects: none };
    case 'panel/focus':
      return {
        state: { ...s, ui: { ...s.ui, collapsed: s.ui.collapsed.filter((c) => c !== msg.section) } },
        effects: { focus: msg.section },
      };
    case 'panel/reset':
      return { state: { ...initialViewState(), ui: { ...s.ui, jacobianEntry: null } }, effects: none };
    default:
      return assertNever(msg);
  }
}

export function setCollapsed(s: ViewState, section: SectionId, collapsed: boolean): ViewState {
  const rest = s.ui.collapsed.filter((c) => c !== section);
  return { ...s, ui: { ...s.ui, collapsed: collapsed ? [...rest, section] : rest } };
}

export function selectJacobianEntry(s: ViewState, id: string | null): ViewState {
  return { ...s, ui: { ...s.ui, jacobianEntry: id } };
}
