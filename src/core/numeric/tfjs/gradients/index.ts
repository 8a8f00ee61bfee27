import { OP_MODULES } from '../../../ops/index';
import type { Tf } from '../tf';
import { ELEMENTWISE_GRADIENTS } from './elementwise';
import { SHAPE_GRADIENTS } from './shape';

/**
 * The gradients of the tfjs kernels our evaluator uses. tfjs-core's CommonJS build
 * registers none (its register_all_gradients is an ES module that Node cannot load
 * unbundled), so Grad Lens keeps its own registry: gradients as data, one entry per kernel
 * (an op module lists those of the tfjs ops its kernel calls).
 * They replace tfjs's own where both exist (the registry is process-wide): these sum
 * broadcast gradients back to each operand's shape and never use transposed matmuls.
 */
export function registerGradients(tf: Tf): void {
  const fromModules = OP_MODULES.flatMap((op) => op.tfjsGradients ?? []);
  for (const make of [...ELEMENTWISE_GRADIENTS, ...SHAPE_GRADIENTS, ...fromModules]) {
    const config = make(tf);
    if (tf.getGradient(config.kernelName)) tf.unregisterGradient(config.kernelName);
    tf.registerGradient(config);
  }
}
