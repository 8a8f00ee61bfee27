/**
 * The webview's document: a strict Content-Security-Policy (scripts only with this load's
 * nonce; styles, fonts and images only from the extension's own files), the stylesheets
 * and the bundle. vscode-free, so the policy is unit-tested.
 */
export interface PanelResources {
  /** webview.cspSource: the origin of asWebviewUri resources. */
  cspSource: string;
  nonce: string;
  script: string;
  /** dist/webview.css: KaTeX's stylesheet, with its fonts. */
  mathCss: string;
  /** dist/codicon.css: found by vscode-icon through its id. */
  codiconCss: string;
  /** media/panel.css. */
  panelCss: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function panelHtml(r: PanelResources): string {
  const a = (s: string) => escapeAttr(s);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(contentSecurityPolicy(r.cspSource, r.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${a(r.mathCss)}">
<link rel="stylesheet" href="${a(r.codiconCss)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${a(r.panelCss)}">
<title>Grad Lens</title>
</head>
<body>
<main id="app" aria-label="Grad Lens"></main>
<script nonce="${a(r.nonce)}" src="${a(r.script)}"></script>
</body>
</html>`;
}

/** 128 random bits, base64: a fresh one for every document the panel loads. */
export function makeNonce(random: (bytes: number) => Uint8Array): string {
  return Buffer.from(random(16)).toString('base64');
}
