import assert from 'node:assert/strict';
import type { PanelController as Controller } from '../../../src/host/panel/controller';
import { parseHostToWebview, type HostToWebview } from '../../../src/protocol/messages';
import { STATE_VERSION } from '../../../src/protocol/state';
import { initialViewState, reduce, type ViewState } from '../../../webview/state';
import { calls, FakePanel, installFakeVscode, Uri } from './fakeVscode';
import { analysis, check, derivation, jacobian, note } from './fixtures';

// The host's half of the pair is the real controller, run on a fake `vscode`; the webview's
// half is the real validator and reducer. Messages cross as JSON, as postMessage sends them.
describe('protocol: the panel controller and the webview, paired in memory', () => {
  let uninstall: () => void;
  let PanelController: typeof Controller;
  before(() => {
    uninstall = installFakeVscode();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ({ PanelController } = require('../../../src/host/panel/controller') as { PanelController: typeof Controller });
  });
  after(() => uninstall());

  interface Rig {
    controller: Controller;
    panel: FakePanel;
    logs: string[];
    reveals: unknown[];
    clipboard: string[];
    /** The webview's state after everything posted so far. */
    webview(): ViewState;
  }

  function rig(): Rig {
    const logs: string[] = [];
    const reveals: unknown[] = [];
    const clipboard: string[] = [];
    const controller = new PanelController(Uri.parse('file:///ext') as never, {
      log: (m) => logs.push(m),
      reveal: (r) => reveals.push(r),
      writeClipboard: (t) => Promise.resolve(void clipboard.push(t)),
    });
    controller.show();
    const panel = calls.panels[calls.panels.length - 1];
    const webview = () => {
      let state = initialViewState();
      for (const m of panel.webview.posted) {
        const parsed = parseHostToWebview(m);
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
        state = reduce(state, parsed.value as HostToWebview).state;
      }
      return state;
    };
    return { controller, panel, logs, reveals, clipboard, webview };
  }

  it('creates the panel with scripts, its own resource roots and a nonce-based CSP', () => {
    const { panel } = rig();
    const options = panel.options as { enableScripts: boolean; localResourceRoots: Uri[]; enableCommandUris: boolean };
    assert.equal(options.enableScripts, true);
    assert.equal(options.enableCommandUris, false);
    assert.deepEqual(options.localResourceRoots.map(String), ['file:///ext/dist', 'file:///ext/media']);
    const nonce = /script-src 'nonce-([^']+)'/.exec(panel.webview.html)?.[1];
    assert.ok(nonce && nonce.length >= 16);
    assert.match(panel.webview.html, new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, '\\$&')}" src="https://fake.vscode-resource/file:///ext/dist/webview.js">`));
  });

  it('holds what it is shown until the webview is ready, then sends all of it', () => {
    const { controller, panel, webview } = rig();
    controller.showAnalysis(analysis);
    controller.showJacobian(jacobian);
    controller.showDerivation(derivation);
    controller.showCheck(check);
    assert.deepEqual(panel.webview.posted, []);
    panel.webview.deliver({ type: 'ready' });
    const s = webview();
    assert.deepEqual([s.analysis, s.jacobian, s.derivation, s.check], [analysis, jacobian, derivation, check]);
  });

  it('sends again after the hidden webview comes back and says it is ready', () => {
    const { controller, panel } = rig();
    panel.webview.deliver({ type: 'ready' });
    controller.showAnalysis(analysis);
    panel.setVisible(false);
    controller.showCheck(check); // not delivered to a hidden webview, but kept
    assert.deepEqual(panel.webview.posted.map((m) => m.type), ['analysis/show']);
    panel.setVisible(true);
    panel.webview.deliver({ type: 'ready' });
    assert.deepEqual(panel.webview.posted.map((m) => m.type), ['analysis/show', 'analysis/show', 'check/show']);
  });

  it('does not send a payload that fails its own validation, and logs it', () => {
    const { controller, panel, logs } = rig();
    panel.webview.deliver({ type: 'ready' });
    controller.showAnalysis({ ...analysis, ms: NaN });
    assert.deepEqual(panel.webview.posted, []);
    assert.match(logs.join('\n'), /not sending an invalid analysis\/show message: payload\.ms/);
  });

  it('drops and logs a malformed message from the webview, acting on nothing', () => {
    const { controller, panel, logs, reveals } = rig();
    let cancelled = 0;
    controller.onDidRequestCancel(() => cancelled++);
    panel.webview.deliver({ type: 'reveal', uri: analysis.document!.uri });
    panel.webview.deliver({ type: 'progress/cancel', id: 3 });
    panel.webview.deliver({ type: 'run', command: 'rm -rf /' });
    panel.webview.deliver('ready');
    assert.equal(logs.filter((l) => /dropped a malformed message/.test(l)).length, 4);
    assert.deepEqual(reveals, []);
    assert.equal(cancelled, 0);
    assert.deepEqual(panel.webview.posted, [], '"ready" as a string is not a ready message');
  });

  it('reveals rows of documents it was shown, with 0-based ranges, and refuses others', () => {
    const { controller, panel, reveals, logs } = rig();
    controller.showAnalysis(analysis);
    const range = { cell: null, line: 11, column: 1, endLine: 11, endColumn: 14 };
    panel.webview.deliver({ type: 'reveal', uri: analysis.document!.uri, range });
    assert.equal(reveals.length, 1);
    const r = reveals[0] as { uri: Uri; range: { startLine: number; startCharacter: number; endLine: number; endCharacter: number } };
    assert.equal(r.uri.toString(), analysis.document!.uri);
    assert.deepEqual({ ...r.range }, { startLine: 10, startCharacter: 0, endLine: 10, endCharacter: 13 });
    panel.webview.deliver({ type: 'reveal', uri: 'file:///etc/passwd', range });
    assert.equal(reveals.length, 1);
    assert.match(logs.join('\n'), /refused to reveal/);
  });

  it('accepts reveals for the documents of a panel restored after a reload', () => {
    const { controller, reveals } = rig();
    const panel = new FakePanel({});
    controller.restore(panel as never, { version: STATE_VERSION, analysis, jacobian: null, derivation: null, check: null, note, ui: { collapsed: [], jacobianEntry: null } });
    panel.webview.deliver({ type: 'reveal', uri: analysis.document!.uri, range: { cell: null, line: 5, column: 1, endLine: 5, endColumn: 2 } });
    assert.equal(reveals.length, 1);
    // A line of the note the panel showed before the reload.
    panel.webview.deliver({ type: 'reveal', uri: note.document.uri, range: note.derivation[0].range });
    assert.equal(reveals.length, 2);
    assert.match(panel.webview.html, /Content-Security-Policy/);
  });

  it('shows progress, cancels the task from the panel, and hides the bar when done', () => {
    const { controller, panel, webview } = rig();
    panel.webview.deliver({ type: 'ready' });
    const task = controller.beginProgress('Checking gradients');
    task.report({ fraction: 0.5, message: 'finite differences' });
    assert.deepEqual(webview().progress, { id: task.id, title: 'Checking gradients', message: 'finite differences', fraction: 0.5, cancellable: true });
    let heard = '';
    controller.onDidRequestCancel((id) => (heard = id));
    panel.webview.deliver({ type: 'progress/cancel', id: task.id });
    assert.equal(task.token.isCancellationRequested, true);
    assert.equal(heard, task.id);
    task.done();
    assert.equal(webview().progress, null);
  });

  it('writes the clipboard, passes selections on as events and runs only its own commands', async () => {
    const { controller, panel, clipboard } = rig();
    const picked: string[] = [];
    controller.onDidRequestJacobian((w) => picked.push(`jacobian ${w}`));
    controller.onDidRequestDerivation((w) => picked.push(`derivation ${w}`));
    panel.webview.deliver({ type: 'clipboard/write', text: '\\frac{a}{b}', format: 'latex' });
    panel.webview.deliver({ type: 'jacobian/select', wrt: 'B' });
    panel.webview.deliver({ type: 'derivation/select', wrt: 'A' });
    panel.webview.deliver({ type: 'command/run', command: 'checkGradients' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(clipboard, ['\\frac{a}{b}']);
    assert.deepEqual(picked, ['jacobian B', 'derivation A']);
    assert.equal(calls.commands[calls.commands.length - 1], 'gradLens.checkGradients');
    assert.match(calls.statusMessages[calls.statusMessages.length - 1], /copied LaTeX/);
  });

  it('scrolls to a section once a new panel is ready', () => {
    const { controller, panel } = rig();
    controller.focusSection('check');
    assert.deepEqual(panel.webview.posted, []);
    panel.webview.deliver({ type: 'ready' });
    assert.deepEqual(panel.webview.posted, [{ type: 'panel/focus', section: 'check' }]);
  });
});
