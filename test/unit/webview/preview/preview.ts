/**
 * Renders the panel outside the editor and takes screenshots, to look at it while working
 * on it: `npx tsx test/unit/webview/preview/preview.ts [outDir]` (after `npm run build`).
 * It serves the real document (panelHtml: the same CSP and bundle) from 127.0.0.1, stubs
 * acquireVsCodeApi, sends the fixtures' messages, drives the keyboard and the mouse, and
 * fails on any CSP violation, page error or console error. Uses the e2e folder's
 * playwright-core with Debian's chromium.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { panelHtml } from '../../../../src/host/panel/html';
import type { HostToWebview } from '../../../../src/protocol/messages';
import { hostMessages as fixtureMessages } from '../../protocol/fixtures';
import { liveMessages } from './live';
import { THEMES } from './themes';

const root = join(__dirname, '../../../..');
// --live: messages from the core through the adapters instead of the fixtures.
const live = process.argv.includes('--live');
const out = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? join(root, live ? '.tmp/preview-live' : '.tmp/preview');
// playwright-core is test/e2e's own install: loaded by path and typed loosely, so that the
// root typecheck does not depend on that install.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { chromium } = require(join(root, 'test/e2e/node_modules/playwright-core')) as { chromium: any };

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.html': 'text/html' };

function page(origin: string, theme: keyof typeof THEMES): string {
  const nonce = 'cHJldmlldy1ub25jZQ==';
  const html = panelHtml({
    cspSource: origin,
    nonce,
    script: `${origin}/dist/webview.js`,
    mathCss: `${origin}/dist/webview.css`,
    codiconCss: `${origin}/dist/codicon.css`,
    panelCss: `${origin}/media/panel.css`,
  });
  const t = THEMES[theme];
  const vars = Object.entries(t.vars).map(([k, v]) => `${k}: ${v};`).join(' ');
  // What VS Code adds to every webview: the theme's variables, its body class and the API.
  const head = `<style nonce="${nonce}">html { ${vars} } body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }</style>
<script nonce="${nonce}">
  window.__posted = []; window.__state = undefined;
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => window.__state, setState: (s) => { window.__state = s; } });
</script>`;
  return html.replace('</head>', `${head}\n</head>`).replace('<body>', `<body class="${t.bodyClass}">`);
}

function serve(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
    const theme = url.pathname.match(/^\/panel-(dark|light|hc)\.html$/)?.[1] as keyof typeof THEMES | undefined;
    if (theme) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(page(`http://${req.headers.host}`, theme));
      return;
    }
    const path = normalize(join(root, url.pathname));
    if (!path.startsWith(join(root, 'dist')) && !path.startsWith(join(root, 'media'))) return void res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const hostMessages: HostToWebview[] = live ? await liveMessages(root) : fixtureMessages;
  const { server, origin } = await serve();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const problems: string[] = [];
  const report: Record<string, unknown> = {};
  try {
    for (const theme of ['dark', 'light', 'hc'] as const) {
      const context = await browser.newContext({ viewport: { width: 560, height: 900 }, deviceScaleFactor: 1 });
      const p = await context.newPage();
      // In-page code is passed as text: this file is type-checked without the DOM library.
      await p.addInitScript({
        content: "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ': ' + e.blockedURI + ' ' + e.sample));",
      });
      p.on('pageerror', (e: Error) => problems.push(`${theme}: page error ${e.message}`));
      p.on('console', (m: { type(): string; text(): string }) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${theme}: console ${m.type()}: ${m.text()}`);
      });
      p.on('requestfailed', (r: { url(): string }) => problems.push(`${theme}: request failed ${r.url()}`));
      await p.goto(`${origin}/panel-${theme}.html`);
      await p.waitForFunction("window.__posted.some((m) => m.type === 'ready')");
      const send = (m: unknown) => p.evaluate(`window.postMessage(${JSON.stringify(m)}, '*')`);
      // Everything but the reset and the hide, so every section has content and the bar shows.
      for (const m of hostMessages.filter((m) => !['panel/reset', 'progress/hide', 'panel/focus'].includes(m.type))) await send(m);
      await p.evaluate('document.fonts.ready');
      await p.waitForTimeout(400);
      await p.screenshot({ path: join(out, `panel-${theme}.png`), fullPage: true });
      await p.locator('.top').screenshot({ path: join(out, `top-${theme}.png`) });
      // The sticky bar would cover the sections' pictures: hide it for them, then bring it back.
      await send({ type: 'progress/hide', id: 'task-1' });
      if (await p.locator('.notice vscode-button').count()) await p.locator('.notice vscode-button').click();
      for (const id of ['layers', 'gradients', 'jacobian', 'check']) await p.locator(`.section-${id}`).screenshot({ path: join(out, `${id}-${theme}.png`) });
      await send(hostMessages.find((m) => m.type === 'progress/show'));

      if (theme === 'dark') {
        // The tab order: what Tab visits from the top, described by tag, class and text.
        await p.evaluate('document.activeElement?.blur(); window.scrollTo(0, 0)');
        const stops: string[] = [];
        for (let i = 0; i < 16; i++) {
          await p.keyboard.press('Tab');
          stops.push(
            (await p.evaluate(
              "(() => { let e = document.activeElement; while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement; const host = document.activeElement; return (host.tagName.toLowerCase() + (host.className && typeof host.className === 'string' ? '.' + host.className.split(' ')[0] : '') + ' ' + (host.getAttribute('aria-label') || host.getAttribute('heading') || host.textContent || '').trim().slice(0, 40)); })()",
            )) as string,
          );
        }
        report.tabOrder = stops;
        // Keyboard: Tab to the first layer row, Enter reveals it.
        const row = p.locator('.layer-table tr.activatable').nth(4);
        await row.focus();
        await p.keyboard.press('ArrowDown');
        await p.locator('.section-layers').screenshot({ path: join(out, 'layers-focus-dark.png') });
        await p.keyboard.press('Enter');
        // Copy as LaTeX.
        await p.locator('vscode-button', { hasText: 'Copy as LaTeX' }).click();
        // Cancel on the progress bar.
        await p.locator('.progress vscode-button', { hasText: 'Cancel' }).click();
        // Pick another Jacobian entry and hover its picture.
        await p.locator('.jacobian-table tr.activatable').nth(3).click();
        const canvas = p.locator('.section-jacobian canvas.matrix-canvas');
        if (await canvas.count()) {
          await canvas.scrollIntoViewIfNeeded();
          const box = await canvas.boundingBox();
          if (box) await p.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
          report.jacobianReadout = await p.locator('.section-jacobian .matrix-readout').innerText();
        }
        await p.locator('.section-jacobian').screenshot({ path: join(out, 'jacobian-hover-dark.png') });
        // Zoom in on the chain's picture with the keyboard and read a cell.
        await p.locator('.jacobian-table tr.activatable').nth(0).click();
        const chainCanvas = p.locator('.section-jacobian canvas.matrix-canvas');
        if (await chainCanvas.count()) {
          await chainCanvas.focus();
          for (const key of ['+', '+', 'ArrowRight', 'ArrowRight', 'ArrowDown']) await p.keyboard.press(key);
          report.chainReadout = await p.locator('.section-jacobian .matrix-readout').innerText();
        }
        await p.locator('.section-jacobian').screenshot({ path: join(out, 'jacobian-zoom-dark.png') });
        // The heat map of the wrong gradient, hovered.
        const heat = p.locator('.section-check canvas.matrix-canvas').first();
        if (await heat.count()) {
          await heat.scrollIntoViewIfNeeded();
          const hb = await heat.boundingBox();
          if (hb) await p.mouse.move(hb.x + hb.width * 0.45, hb.y + hb.height * 0.2);
          report.heatReadout = await p.locator('.section-check .matrix-readout').first().innerText();
        }
        await p.locator('.section-check').screenshot({ path: join(out, 'check-dark.png') });
        report.posted = await p.evaluate('window.__posted');
        report.savedState = await p.evaluate('Object.keys(window.__state ?? {})');
        // A malformed message is dropped and reported to the host, never acted on.
        await send({ type: 'analysis/show', payload: { layers: 'x' } });
        await send({ type: 'eval', code: 'alert(1)' });
        await p.waitForTimeout(100);
        const posted = (await p.evaluate('window.__posted')) as { type: string; message?: string }[];
        report.malformedLogged = posted.filter((m) => m.type === 'log').map((m) => m.message);
        // Bundle tour at 1000 px wide, as a panel with room.
        await p.setViewportSize({ width: 1000, height: 900 });
        await p.waitForTimeout(300);
        await p.screenshot({ path: join(out, 'panel-dark-wide.png'), fullPage: true });
      }
      const csp = (await p.evaluate('window.__csp')) as string[];
      for (const v of csp) problems.push(`${theme}: CSP violation ${v}`);
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  writeFileSync(join(out, 'report.json'), JSON.stringify({ problems, ...report }, null, 2));
  console.log(JSON.stringify({ problems, ...report }, null, 2).slice(0, 6000));
  console.log(`screenshots in ${out}`);
  if (problems.length) process.exitCode = 1;
}

void main();
