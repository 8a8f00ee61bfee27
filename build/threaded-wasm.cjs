// The files tfjs-backend-wasm's threaded SIMD build needs as real files under Node: its
// Emscripten factory (each pthread worker evaluates it again), the pthread worker script
// (tfjs ships it only as a string, which it turns into a blob: URL that Node cannot start),
// and the .wasm. Used by build/esbuild.mjs for dist/ and by tests for a folder of their own.
const { copyFileSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const FACTORY = 'tfjs-backend-wasm-threaded-simd.js';
const WORKER = 'tfjs-backend-wasm-threaded-simd.worker.js';
const WASM = 'tfjs-backend-wasm-threaded-simd.wasm';

/** Writes the three files into `dest`. */
function writeThreadedWasm(dest) {
  const wasmOut = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  copyFileSync(join(wasmOut, FACTORY), join(dest, FACTORY));
  copyFileSync(join(wasmOut, WASM), join(dest, WASM));
  const { wasmWorkerContents } = require(join(wasmOut, WORKER));
  // The string came out of a template literal, which turned the script's "\n" escapes into
  // line breaks inside its string literals; tfjs escapes them back the same way.
  writeFileSync(join(dest, WORKER), wasmWorkerContents.replace(/\n/g, '\\n'));
}

module.exports = { writeThreadedWasm };
