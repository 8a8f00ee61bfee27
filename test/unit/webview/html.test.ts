import assert from 'node:assert/strict';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../../src/host/panel/html';

// The webview's document shell, built by the host: its policy is what keeps the panel safe.
describe('webview: document and Content-Security-Policy', () => {
  const resources = {
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123+/=',
    script: 'https://x/dist/webview.js',
    mathCss: 'https://x/dist/webview.css',
    codiconCss: 'https://x/dist/codicons/codicon.css',
    panelCss: 'https://x/media/panel.css',
  };

  it('allows scripts only with the nonce, and nothing remote or inline beyond it', () => {
    const csp = contentSecurityPolicy(resources.cspSource, resources.nonce);
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123\+\/='(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https:(?!\/\/file)/);
    assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net 'nonce-/);
    assert.match(csp, /font-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
    assert.match(csp, /img-src \S+ data:/);
  });

  it('has one script, carrying the nonce, and the codicon stylesheet where vscode-icon looks for it', () => {
    const html = panelHtml(resources);
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script nonce="abc123\+\/=" src="https:\/\/x\/dist\/webview\.js"><\/script>/);
    assert.match(html, /id="vscode-codicon-stylesheet"/);
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline event handlers');
    assert.doesNotMatch(html, /style="/, 'no inline styles');
  });

  it('escapes what goes into attributes', () => {
    const html = panelHtml({ ...resources, script: 'x"><script>alert(1)</script>' });
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  it('makes a fresh base64 nonce of 128 bits', () => {
    const nonce = makeNonce((n) => new Uint8Array(n).fill(255));
    assert.equal(nonce, '/////////////////////w==');
  });
});
