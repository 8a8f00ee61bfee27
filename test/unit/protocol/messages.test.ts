import assert from 'node:assert/strict';
import {
  LIMITS,
  parseHostToWebview,
  parseWebviewToHost,
  type HostToWebview,
  type WebviewToHost,
} from '../../../src/protocol/messages';
import { emptyPanelState, parsePanelState, STATE_VERSION } from '../../../src/protocol/state';
import { analysis, check, derivation, hostMessages, jacobian, webviewMessages } from './fixtures';

/**
 * Two message handlers joined in memory the way VS Code joins them: each post is
 * serialised (postMessage sends JSON), and the receiving side validates before acting.
 */
function channel() {
  const toWebview: HostToWebview[] = [];
  const toHost: WebviewToHost[] = [];
  const dropped: string[] = [];
  const wire = (m: unknown) => JSON.parse(JSON.stringify(m)) as unknown;
  return {
    toWebview,
    toHost,
    dropped,
    hostPost(m: unknown) {
      const parsed = parseHostToWebview(wire(m));
      if (parsed.ok) toWebview.push(parsed.value);
      else dropped.push(parsed.error);
    },
    webviewPost(m: unknown) {
      const parsed = parseWebviewToHost(wire(m));
      if (parsed.ok) toHost.push(parsed.value);
      else dropped.push(parsed.error);
    },
  };
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('protocol: messages', () => {
  it('carries one message of every host → webview type unchanged', () => {
    const c = channel();
    for (const m of hostMessages) c.hostPost(m);
    assert.deepEqual(c.dropped, []);
    assert.deepEqual(c.toWebview, hostMessages);
    assert.deepEqual(new Set(c.toWebview.map((m) => m.type)).size, hostMessages.length);
  });

  it('carries one message of every webview → host type unchanged', () => {
    const c = channel();
    for (const m of webviewMessages) c.webviewPost(m);
    assert.deepEqual(c.dropped, []);
    assert.deepEqual(c.toHost, webviewMessages);
  });

  it('returns fresh objects, not the ones it was given', () => {
    const m = { type: 'analysis/show', payload: clone(analysis) };
    const parsed = parseHostToWebview(m);
    assert.ok(parsed.ok);
    assert.notEqual(parsed.value, m);
    assert.deepEqual(parsed.value, m);
  });

  describe('rejects', () => {
    const rejectsHost = (m: unknown, why: RegExp) => {
      const parsed = parseHostToWebview(m);
      assert.equal(parsed.ok, false, `accepted ${String(JSON.stringify(m)).slice(0, 120)}`);
      if (!parsed.ok) assert.match(parsed.error, why);
    };
    const rejectsWebview = (m: unknown, why: RegExp) => {
      const parsed = parseWebviewToHost(m);
      assert.equal(parsed.ok, false, `accepted ${String(JSON.stringify(m)).slice(0, 120)}`);
      if (!parsed.ok) assert.match(parsed.error, why);
    };

    it('what is not a message object', () => {
      for (const m of [null, undefined, 42, 'ready', [], [{ type: 'ready' }], true]) rejectsWebview(m, /expected a message object/);
      rejectsWebview(new (class Ready {
        type = 'ready';
      })(), /expected a message object/);
    });

    it('unknown and missing types', () => {
      rejectsWebview({ type: 'eval', code: '1' }, /unknown message type "eval"/);
      rejectsWebview({ type: 'toString' }, /unknown message type/);
      rejectsWebview({ type: '__proto__' }, /unknown message type/);
      rejectsWebview({}, /missing message type/);
      rejectsHost({ type: 'ready' }, /unknown message type/); // right type, wrong direction
      rejectsWebview({ type: 'analysis/show', payload: analysis }, /unknown message type/);
    });

    it('missing fields', () => {
      rejectsWebview({ type: 'reveal', uri: 'file:///a.py' }, /missing field "range"/);
      const m = clone({ type: 'check/show', payload: check }) as unknown as { payload: Record<string, unknown> };
      delete m.payload.gradients;
      rejectsHost(m, /payload: missing field "gradients"/);
      const layer = clone({ type: 'analysis/show', payload: analysis }) as unknown as { payload: { layers: Record<string, unknown>[] } };
      delete layer.payload.layers[2].shape;
      rejectsHost(layer, /payload\.layers\[2\]: missing field "shape"/);
    });

    it('unknown fields, including __proto__', () => {
      rejectsWebview({ type: 'ready', extra: 1 }, /unknown field "extra"/);
      rejectsWebview(JSON.parse('{"type":"progress/cancel","id":"t","__proto__":{"polluted":true}}'), /unknown field "__proto__"/);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('wrong types', () => {
      rejectsWebview({ type: 'reveal', uri: 7, range: { cell: null, line: 1, column: 1, endLine: 1, endColumn: 2 } }, /uri: expected a string/);
      rejectsWebview({ type: 'reveal', uri: 'file:///a', range: { cell: null, line: '1', column: 1, endLine: 1, endColumn: 2 } }, /range\.line: expected a finite number/);
      rejectsWebview({ type: 'reveal', uri: 'file:///a', range: { cell: null, line: 0, column: 1, endLine: 1, endColumn: 2 } }, /below 1/);
      rejectsWebview({ type: 'reveal', uri: 'file:///a', range: { cell: null, line: 3, column: 1, endLine: 2, endColumn: 2 } }, /ends before it starts/);
      rejectsWebview({ type: 'reveal', uri: 'file:///a', range: { cell: -1, line: 1, column: 1, endLine: 1, endColumn: 2 } }, /range\.cell: .*below 0/);
      rejectsWebview({ type: 'reveal', uri: '', range: { cell: null, line: 1, column: 1, endLine: 1, endColumn: 2 } }, /shorter than 1/);
      rejectsWebview({ type: 'clipboard/write', text: 'x', format: 'html' }, /expected one of latex, numpy, text/);
      rejectsWebview({ type: 'command/run', command: 'workbench.action.terminal.new' }, /expected one of/);
      rejectsHost({ type: 'panel/focus', section: 'settings' }, /expected one of/);
      const p = clone({ type: 'progress/show', payload: { id: 't', title: 'x', message: null, fraction: 1.5, cancellable: true } });
      rejectsHost(p, /fraction: above 1/);
    });

    it('non-finite numbers and fractional counts', () => {
      const m = clone({ type: 'check/show', payload: check }) as { payload: { gradients: { maxAbsError: unknown }[] } };
      m.payload.gradients[0].maxAbsError = NaN;
      rejectsHost(m, /maxAbsError: expected a finite number/);
      m.payload.gradients[0].maxAbsError = Infinity;
      rejectsHost(m, /expected a finite number/);
      const a = clone({ type: 'analysis/show', payload: analysis }) as { payload: { layers: { params: unknown }[] } };
      a.payload.layers[0].params = 2.5;
      rejectsHost(a, /expected an integer/);
    });

    it('oversize arrays and strings', () => {
      const big = clone({ type: 'analysis/show', payload: analysis }) as { payload: { problems: unknown[] } };
      big.payload.problems = new Array(LIMITS.problems + 1).fill(analysis.problems[0]);
      rejectsHost(big, /problems: array longer than 5000/);
      rejectsWebview({ type: 'clipboard/write', text: 'x'.repeat(LIMITS.clipboard + 1), format: 'text' }, /string longer than/);
      rejectsWebview({ type: 'log', level: 'info', message: 'x'.repeat(LIMITS.message + 1) }, /string longer than/);
      const shape = clone({ type: 'analysis/show', payload: analysis }) as { payload: { layers: { shape: unknown }[] } };
      shape.payload.layers[0].shape = new Array(LIMITS.rank + 1).fill(2);
      rejectsHost(shape, /array longer than 16/);
    });

    it('patterns and heat maps that do not fit their own size', () => {
      const j = clone({ type: 'jacobian/show', payload: jacobian });
      const p = j.payload.chain!.pattern!;
      p.nonzeros.push([p.rows, 0]);
      p.values?.push(1);
      rejectsHost(j, /outside/);
      const v = clone({ type: 'jacobian/show', payload: jacobian });
      v.payload.perOp[0].pattern!.values!.pop();
      rejectsHost(v, /values and nonzeros differ in length/);
      const pair = clone({ type: 'jacobian/show', payload: jacobian }) as unknown as { payload: { chain: { pattern: { nonzeros: unknown[] } } } };
      pair.payload.chain.pattern.nonzeros[0] = [1, 2, 3];
      rejectsHost(pair, /expected a pair/);
      const h = clone({ type: 'check/show', payload: check });
      h.payload.gradients.find((g) => g.heatmap)!.heatmap!.values.pop();
      rejectsHost(h, /not 20 × 16/);
      const many = clone({ type: 'jacobian/show', payload: jacobian });
      many.payload.chain!.pattern!.nonzeros = new Array(LIMITS.patternNonzeros + 1).fill([0, 0]);
      many.payload.chain!.pattern!.values = null;
      rejectsHost(many, /array longer than 250000/);
    });

    it('a Jacobian class that is not a plain identifier', () => {
      const j = clone({ type: 'jacobian/show', payload: jacobian });
      j.payload.chain!.structure = '<img src=x onerror=alert(1)>';
      rejectsHost(j, /does not match/);
    });
  });

  it('accepts the derivation as the host sends it and the gradient LaTeX as text only', () => {
    const parsed = parseHostToWebview({ type: 'derivation/show', payload: derivation });
    assert.ok(parsed.ok);
    if (parsed.ok && parsed.value.type === 'derivation/show') assert.equal(typeof parsed.value.payload.gradient?.latex, 'string');
  });
});

describe('protocol: saved panel state', () => {
  it('round-trips through JSON', () => {
    const state = { ...emptyPanelState(), analysis, jacobian, derivation, check, ui: { collapsed: ['gradients' as const], jacobianEntry: 'op-5' } };
    const parsed = parsePanelState(clone(state));
    assert.ok(parsed.ok);
    if (parsed.ok) assert.deepEqual(parsed.value, state);
  });

  it('rejects another version and broken contents', () => {
    assert.equal(parsePanelState({ ...emptyPanelState(), version: STATE_VERSION + 1 }).ok, false);
    assert.equal(parsePanelState({ ...emptyPanelState(), version: STATE_VERSION - 1 }).ok, false);
    assert.equal(parsePanelState({ ...emptyPanelState(), analysis: { layers: 'x' } }).ok, false);
    assert.equal(parsePanelState({ ...emptyPanelState(), ui: { collapsed: ['nowhere'], jacobianEntry: null } }).ok, false);
    assert.equal(parsePanelState('state').ok, false);
  });
});
