import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { contentSecurityPolicy, panelHtml } from '../../../src/host/panel/html';

/**
 * Issue 6, safety: nothing from the workspace is ever executed, nothing goes over the
 * network, the webview loads nothing remote and validates what it receives, and the
 * extension declares untrusted workspaces supported (it executes nothing). The scan reads
 * every source file under src/ and webview/ and lists the offenders; a self-check plants
 * each forbidden construct in a temporary file to prove the scan would see it.
 */
const ROOT = join(__dirname, '../../..');

interface Rule {
  name: string;
  pattern: RegExp;
  /** Folders (relative to the root) the rule applies to. */
  where: string[];
  /** Lines that match but are allowed (with the reason in the comment beside each). */
  allowed?: RegExp[];
}

const EVERYWHERE = ['src', 'webview'];

export const RULES: Rule[] = [
  { name: 'eval', pattern: /(^|[^\w.$'"`])eval\s*\(/, where: EVERYWHERE },
  { name: 'new Function / Function(…)', pattern: /(^|[^\w.$])(new\s+)?Function\s*\(/, where: EVERYWHERE },
  { name: 'child_process', pattern: /child_process/, where: EVERYWHERE },
  { name: 'vm module', pattern: /['"](node:)?vm['"]|\bvm\.(runIn|Script|compileFunction|SourceTextModule)/, where: EVERYWHERE },
  { name: 'worker eval', pattern: /eval\s*:\s*true/, where: EVERYWHERE },
  // Workers run our own bundle (dist/worker.js beside the extension), never a path from the workspace.
  { name: 'worker_threads outside src/host', pattern: /worker_threads/, where: ['src/core', 'src/cli', 'src/protocol', 'webview'] },
  { name: 'Worker on a computed path', pattern: /new\s+Worker\s*\((?!\s*join\(\s*__dirname\s*,\s*['"][\w./-]+['"]\s*\)\s*\))/, where: EVERYWHERE },
  // Modules are loaded by name; a computed path is only ever our own file beside the bundle.
  { name: 'require of a computed path', pattern: /\brequire\s*\((?!\s*['"][^'"]+['"]\s*\))(?!\s*join\(\s*__dirname\s*,\s*['"][\w./-]+['"]\s*\)\s*\))/, where: EVERYWHERE, allowed: [/require\.resolve\(/] },
  { name: 'import() of a computed path', pattern: /\bimport\s*\((?!\s*['"][^'"]+['"]\s*\))/, where: EVERYWHERE },
  { name: 'network module', pattern: /['"](node:)?(https?|http2|net|tls|dgram|dns)['"]/, where: EVERYWHERE },
  { name: 'fetch', pattern: /(^|[^\w.$])fetch\s*\(/, where: EVERYWHERE },
  { name: 'XMLHttpRequest', pattern: /XMLHttpRequest/, where: EVERYWHERE },
  { name: 'WebSocket', pattern: /WebSocket/, where: EVERYWHERE },
  { name: 'EventSource / sendBeacon', pattern: /EventSource|sendBeacon/, where: EVERYWHERE },
  // XML namespace names (the SVG namespace) are identifiers, never fetched.
  { name: 'a remote URL in code', pattern: /['"`]\s*(https?|wss?):\/\//, where: EVERYWHERE, allowed: [/['"]http:\/\/www\.w3\.org\/(2000\/svg|1999\/xhtml|1998\/Math\/MathML|1999\/xlink)['"]/] },
];

const SOURCE_EXT = new Set(['.ts', '.tsx', '.js', '.mjs', '.cjs', '.html']);

function files(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) files(path, out);
    else if (SOURCE_EXT.has(extname(path)) && !/\.test\.[tj]s$/.test(path)) out.push(path);
  }
  return out;
}

/** Block and line comments blanked (strings kept), so that prose about eval does not count. */
export function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"\\])\/\/.*$/gm, (m, pre: string) => pre + ' '.repeat(m.length - pre.length));
}

/** Offending lines under `root`, as `path:line: rule: code`. */
export function scan(root: string, rules: Rule[] = RULES): string[] {
  const out: string[] = [];
  for (const rule of rules) {
    for (const where of rule.where) {
      const dir = join(root, where);
      let list: string[];
      try {
        list = statSync(dir).isDirectory() ? files(dir) : [];
      } catch {
        continue;
      }
      for (const file of list) {
        const lines = stripComments(readFileSync(file, 'utf8')).split('\n');
        lines.forEach((line, i) => {
          if (rule.pattern.test(line) && !rule.allowed?.some((a) => a.test(line))) out.push(`${relative(root, file)}:${i + 1}: ${rule.name}: ${line.trim().slice(0, 120)}`);
        });
      }
    }
  }
  return [...new Set(out)];
}

describe('robustness: safety (nothing executed, nothing remote)', () => {
  it('src/ and webview/ hold no eval, Function, child_process, vm, computed module paths or network access', () => {
    const offenders = scan(ROOT);
    assert.deepEqual(offenders, [], `forbidden constructs:\n${offenders.join('\n')}`);
  });

  it('the scan sees each forbidden construct when one is planted (self-check)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'grad-lens-safety-'));
    try {
      for (const sub of ['src/core', 'src/host', 'webview']) mkdirSync(join(dir, sub), { recursive: true });
      const planted: Record<string, string> = {
        eval: 'const y = eval(text);',
        'new Function / Function(…)': 'const f = new Function("a", body);',
        child_process: "import { spawn } from 'node:child_process';",
        'vm module': "import * as vm from 'node:vm';",
        'worker eval': 'new Worker(code, { eval: true });',
        'worker_threads outside src/host': "import { Worker } from 'node:worker_threads';",
        'Worker on a computed path': 'const w = new Worker(userPath);',
        'require of a computed path': 'const m = require(workspaceFile);',
        'import() of a computed path': 'const m = await import(somePath);',
        'network module': "import * as https from 'node:https';",
        fetch: 'await fetch(url);',
        XMLHttpRequest: 'const x = new XMLHttpRequest();',
        WebSocket: 'const s = new WebSocket(u);',
        'EventSource / sendBeacon': 'navigator.sendBeacon(u, d);',
        'a remote URL in code': 'const cdn = "https://cdn.example.com/katex.js";',
      };
      writeFileSync(join(dir, 'src/core/planted.ts'), Object.values(planted).join('\n'));
      // Allowed forms stay quiet.
      writeFileSync(join(dir, 'src/host/allowed.ts'), ["const core = require(join(__dirname, 'core.js'));", "import { Worker } from 'node:worker_threads';", "new Worker(join(__dirname, 'worker.js'));", "const tf = await import('@tensorflow/tfjs-core');", "// eval( in a comment", "model.eval()", "const p = require.resolve('web-tree-sitter/web-tree-sitter.wasm');"].join('\n'));
      const found = scan(dir);
      for (const rule of RULES) assert.ok(found.some((f) => f.includes(`: ${rule.name}: `)), `the scan missed ${rule.name}:\n${found.join('\n')}`);
      assert.ok(!found.some((f) => f.startsWith('src/host/allowed.ts')), `allowed forms were flagged:\n${found.filter((f) => f.includes('allowed')).join('\n')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('package.json declares untrusted workspaces supported (there is nothing to execute)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, true);
    // Nothing restricted under untrusted workspaces depends on trust being granted.
    assert.ok(!JSON.stringify(pkg.contributes ?? {}).includes('isWorkspaceTrusted'));
  });

  it("the webview's CSP is default-src 'none', scripts by nonce only, no remote origin", () => {
    const csp = contentSecurityPolicy('vscode-webview://abc', 'NONCE123');
    const directives = csp.split(';').map((d) => d.trim());
    assert.equal(directives[0], "default-src 'none'");
    assert.ok(directives.includes("script-src 'nonce-NONCE123'"), csp);
    assert.ok(!/https?:|wss?:|\*|'unsafe-eval'|'unsafe-inline'/.test(csp), csp);
    const html = panelHtml({ cspSource: 'vscode-webview://abc', nonce: 'NONCE123', script: 'vscode-webview://abc/dist/webview.js', mathCss: 'vscode-webview://abc/dist/webview.css', codiconCss: 'vscode-webview://abc/dist/codicon.css', panelCss: 'vscode-webview://abc/media/panel.css' });
    assert.ok(!/(src|href)="https?:/.test(html), 'the panel loads something remote');
    assert.ok(!/<script(?![^>]*nonce=)/.test(html), 'a script without the nonce');
  });

  it('every message the webview and the host receive goes through the protocol validator first', () => {
    const listeners = [...files(join(ROOT, 'webview')), ...files(join(ROOT, 'src/host'))].filter((f) => /addEventListener\(\s*['"]message['"]|onDidReceiveMessage/.test(readFileSync(f, 'utf8')));
    assert.ok(listeners.length >= 2, listeners.join(', '));
    for (const f of listeners) {
      const code = readFileSync(f, 'utf8');
      assert.ok(/parseHostToWebview|parseWebviewToHost/.test(code), `${relative(ROOT, f)} receives messages without validating them`);
    }
  });
});
