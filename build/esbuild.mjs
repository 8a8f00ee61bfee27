// One build script for the three bundles and the .wasm files they load at run time.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import threadedWasm from './threaded-wasm.cjs';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

function copyWasm() {
  const files = [
    require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  ];
  const tfjsWasmDir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  for (const name of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) files.push(join(tfjsWasmDir, name));
  for (const file of files) copyFileSync(file, join(dist, file.split('/').pop()));
  threadedWasm.writeThreadedWasm(dist);
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  legalComments: production ? 'none' : 'inline',
  // The parser resolves its .wasm from node_modules only when run unbundled (tests); bundles get wasmDir.
  logOverride: { 'require-resolve-not-external': 'silent' },
};

const builds = [
  { ...common, entryPoints: [join(root, 'src/cli.ts')], outfile: join(dist, 'cli.js'), platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync(join(root, 'src/host/extension.ts'))) {
  builds.push({ ...common, entryPoints: [join(root, 'src/host/extension.ts')], outfile: join(dist, 'extension.js'), platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] });
  // The host requires the core lazily from its own bundle, so activation does not parse tfjs and the parser.
  builds.push({ ...common, entryPoints: [join(root, 'src/core/index.ts')], outfile: join(dist, 'core.js'), platform: 'node', format: 'cjs', target: 'node20' });
  // Checks, derivations and Jacobians run in a worker thread; it requires core.js beside it.
  builds.push({ ...common, entryPoints: [join(root, 'src/host/worker/main.ts')], outfile: join(dist, 'worker.js'), platform: 'node', format: 'cjs', target: 'node20' });
}
if (existsSync(join(root, 'webview/main.ts'))) {
  // KaTeX's CSS lists woff2, woff and ttf; the webview (Chromium) takes woff2, so only those ship.
  builds.push({ ...common, entryPoints: [join(root, 'webview/main.ts')], outfile: join(dist, 'webview.js'), platform: 'browser', format: 'iife', target: 'es2022', loader: { '.ttf': 'file', '.woff2': 'file', '.woff': 'file' }, external: ['*.woff', '*.ttf'] });
  // vscode-icon loads the codicon stylesheet by URL (a <link id="vscode-codicon-stylesheet">), so it ships as a file.
  for (const name of ['codicon.css', 'codicon.ttf']) copyFileSync(require.resolve(`@vscode/codicons/dist/${name}`), join(dist, name));
}

copyWasm();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
