/**
 * The panel's entry point, bundled into dist/webview.js. Only the vscode-elements
 * components the panel uses are imported, to keep the bundle small; KaTeX's stylesheet
 * goes into dist/webview.css, its woff2 fonts beside it in dist/.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import 'katex/dist/katex.min.css';
import { startApp } from './app';

const root = document.getElementById('app');
if (root) startApp(root);
