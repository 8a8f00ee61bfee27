/**
 * The layers of Grad Lens (see DESIGN.md): the core knows nothing of the editor or the
 * panel; only the host talks to VS Code; the webview talks to the host through
 * src/protocol alone; the CLI and the host reach the core through its public entry.
 * Checked by test/unit/dependencies.test.ts (and `npm run deps`).
 */
const CORE_ENTRY = '^src/core/index\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'vscode-only-in-host',
      comment: 'Only src/host may import vscode: the core, the CLI, the protocol and the webview run without it.',
      severity: 'error',
      from: { pathNot: '^src/host/' },
      to: { path: ['^vscode$', '(^|/)node_modules/@types/vscode/'] },
    },
    {
      name: 'host-not-webview',
      comment: 'The host and the webview share src/protocol, never each other\'s code.',
      severity: 'error',
      from: { path: '^src/host/' },
      to: { path: '^webview/' },
    },
    {
      name: 'webview-only-protocol',
      comment: 'The webview imports its own files, src/protocol, and the npm packages it draws with.',
      severity: 'error',
      from: { path: '^webview/' },
      to: { pathNot: ['^webview/', '^src/protocol/', '(^|/)node_modules/(katex|@vscode-elements/elements|@vscode/codicons)/'] },
    },
    {
      name: 'core-independent',
      comment: 'The core knows nothing of the host, the webview, the CLI or the panel protocol.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: ['^src/host/', '^webview/', '^src/cli(\\.ts$|/)', '^src/protocol/'] },
    },
    {
      name: 'protocol-standalone',
      comment: 'The protocol is plain data and its validation, shared by both sides of the panel.',
      severity: 'error',
      from: { path: '^src/protocol/' },
      to: { path: ['^src/core/', '^src/host/', '^webview/', '^src/cli(\\.ts$|/)'] },
    },
    {
      name: 'core-through-its-entry',
      comment: 'The CLI and the host use the core through src/core/index.ts, its public face.',
      severity: 'error',
      from: { path: ['^src/host/', '^src/cli(\\.ts$|/)'] },
      to: { path: '^src/core/', pathNot: CORE_ENTRY },
    },
    {
      name: 'host-loads-core-lazily',
      comment: 'The core is its own bundle, loaded on first use: the host imports its types only (and gets its functions from loadCore).',
      severity: 'error',
      from: { path: '^src/host/' },
      to: { path: '^src/core/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-cycles',
      comment: 'Modules that import each other (types included) are one concept in two files, or two tangled ones.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a type from the host in the core couples them as much as a value.
    tsPreCompilationDeps: true,
  },
};
