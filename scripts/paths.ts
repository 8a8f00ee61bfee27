import { join, resolve } from 'node:path';

/** Where things are, for the start, package and real-editor scripts. */
export const root = resolve(__dirname, '..');
export const examplesDir = join(root, 'examples');
export const resultsDir = join(root, 'test-results');
/** Node 24 and playwright-core (installed with the system npm). */
export const e2eDir = join(root, 'test/e2e');
/** code-server (installed with Node 24's npm). Both node_modules folders are git-ignored caches. */
export const codeServerDir = join(e2eDir, 'code-server');
export const node24Dir = join(e2eDir, 'node_modules/node/node_modules', `node-${process.platform}-${process.arch}`);
export const node24 = join(node24Dir, 'bin/node');
export const codeServerEntry = join(codeServerDir, 'node_modules/code-server/out/node/entry.js');
