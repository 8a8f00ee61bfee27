import type { Tensor } from '@tensorflow/tfjs-core';
import { outputBits } from '../../numeric/f64/kink-bits';
import { zeroGradient } from '../../numeric/tfjs/gradients/broadcast';
import type { Tf } from '../../numeric/tfjs/tf';
import { comparison as comparisonShape } from '../../shapes/rules/elementwise';
import { type OpModule, opModule } from '../op';
import { broadcastSignature, f64Broadcast, tfBroadcast } from './broadcast';

/**
 * A comparison of two operands with broadcasting: a boolean mask, piecewise constant, so
 * its derivative is zero wherever it exists, and the output itself says which branch each
 * element took.
 */
export function comparison<const Name extends string>(
  name: Name,
  operator: string,
  f64: (a: number, b: number) => boolean,
  tfjs: { kernel: string; apply(tf: Tf, a: Tensor, b: Tensor): Tensor },
): OpModule<Name> {
  return opModule(name, {
    doc: `${name}(a, b) — a ${operator} b elementwise, with broadcasting: a boolean mask`,
    signature: broadcastSignature(operator, comparisonShape),
    f64: f64Broadcast((a, b) => (f64(a, b) ? 1 : 0)),
    tfjs: tfBroadcast(tfjs.apply),
    tfjsGradients: [zeroGradient(tfjs.kernel, ['a', 'b'])],
    jacobian: { wrt: () => [] },
    symbolic: { unsupported: 'a comparison is a 0/1 mask, piecewise constant, which matrix calculus here does not write; Check Gradients differentiates around it numerically' },
    kinks: outputBits,
    // Written as operators (`a > b`), which the front ends read themselves.
    spellings: { python: [] },
  });
}
