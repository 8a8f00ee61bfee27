import { mapUnary } from '../../numeric/f64/broadcast';
import { tfDtype } from '../../numeric/tfjs/dtype';
import { like } from '../../shapes/rules/creation';
import { type OpModule, opModule } from '../op';

/**
 * zeros_like / ones_like: a constant of the operand's shape and type. Its value does not
 * depend on the operand, so its Jacobian is empty and its matrix form the constant itself.
 */
export function likeModule<const Name extends string>(name: Name, value: 0 | 1, names: readonly string[]): OpModule<Name> {
  return opModule(name, {
    doc: `${name}(x) — ${value === 0 ? 'zeros' : 'ones'} of x's shape and type`,
    signature: { params: ['x'], tensors: 1, shape: like },
    f64: ([x]) => mapUnary(x, () => value),
    tfjs: ([x], ctx) => ctx.tf.fill(x.shape, value, tfDtype(ctx.node.dtype)),
    jacobian: { wrt: () => [] },
    symbolic: { read: (x, _node, input) => (value === 0 ? x.zeros(input(0).shape) : x.ones(input(0).shape[0], input(0).shape[1])) },
    kinks: null,
    spellings: { python: [{ names, params: 'x' }] },
  });
}
