import { evalDim } from '../../../../src/core/index';
/**
 * The preview's messages made by the core itself, through the panel's adapters: the seed
 * in NumPy (layers, chain, Jacobian of S with respect to C, dE/dC) and the two-layer net
 * with its 1/N left out (a check with wrong verdicts). What the lead's wiring will send.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../../src/core/analyze';
import { checkGradients } from '../../../../src/core/check/index';
import { deriveFromGraph } from '../../../../src/core/grad/index';
import { jacobianOf } from '../../../../src/core/jacobian/index';
import * as core from '../../../../src/core/index';
import { fromCheckResult, fromDeriveResult, fromJacobianResult, toAnalysisPayload } from '../../../../src/host/panel/payloads';
import type { HostToWebview } from '../../../../src/protocol/messages';

export async function liveMessages(root: string): Promise<HostToWebview[]> {
  const dist = join(root, 'dist');
  const seedPath = join(root, 'examples/seed.py');
  const seed = readFileSync(seedPath, 'utf8');
  const started = performance.now();
  const a = await analyze(seed, { language: 'python', wasmDir: dist });
  const doc = { uri: `file://${seedPath}`, name: 'seed.py', version: 1, languageId: 'python' };
  const analysis = toAnalysisPayload(core, a, doc, { ms: performance.now() - started });
  const jacobian = fromJacobianResult(evalDim, jacobianOf(a, { wrt: 'C', of: 'S' }), a.graph, a.lines, ['C', 'B', 'A']);
  const derivation = fromDeriveResult(deriveFromGraph(a.graph, 'E', 'C'), { of: 'E', wrt: 'C', wrtOptions: ['A', 'B', 'C'] });
  const netPath = join(root, 'examples/two_layer_net.py');
  const net = readFileSync(netPath, 'utf8').replace('dscores /= N\n', '');
  const c = await checkGradients(net, { language: 'python', wasmDir: dist, tfWasmDir: dist });
  const check = fromCheckResult(c, { uri: `file://${netPath}`, name: 'two_layer_net.py', version: 1, languageId: 'python' });
  return [
    { type: 'analysis/show', payload: analysis },
    { type: 'jacobian/show', payload: jacobian },
    { type: 'derivation/show', payload: derivation },
    { type: 'check/show', payload: check },
    { type: 'progress/show', payload: { id: 'task-1', title: 'Checking gradients', message: null, fraction: null, cancellable: true } },
  ];
}
