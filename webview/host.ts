/**
 * The webview's side of the channel: typed posting, validated receiving and validated
 * state. A message that fails validation is dropped and reported to the host's log.
 */
import { describeMessage, parseHostToWebview, type HostToWebview, type WebviewToHost } from '../src/protocol/messages';
import { emptyPanelState, parsePanelState, type PanelState } from '../src/protocol/state';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called once per page load.
const api: VsCodeApi = acquireVsCodeApi();

export function post(message: WebviewToHost): void {
  api.postMessage(message);
}

export function log(level: 'info' | 'warning' | 'error', message: string): void {
  post({ type: 'log', level, message: message.slice(0, 10_000) });
}

export function onHostMessage(handler: (message: HostToWebview) => void): void {
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parseHostToWebview(event.data);
    if (!parsed.ok) {
      log('warning', `webview dropped a malformed message (${describeMessage(event.data)}): ${parsed.error}`);
      return;
    }
    handler(parsed.value);
  });
}

/** The state saved before a reload or hide; anything invalid starts the panel empty. */
export function loadState(): PanelState {
  const saved = api.getState();
  if (saved === undefined || saved === null) return emptyPanelState();
  const parsed = parsePanelState(saved);
  if (!parsed.ok) {
    log('warning', `webview discarded its saved state: ${parsed.error}`);
    return emptyPanelState();
  }
  return parsed.value;
}

export function saveState(state: PanelState): void {
  api.setState(state);
}
