import { leafModule } from '../op';
import { shapeSignature } from './shape-leaf';

export const placeholder = leafModule('placeholder', {
  doc: 'placeholder(shape) — data fed in (tf.placeholder, a declared input)',
  signature: shapeSignature,
  values: { fill: 'data', role: 'input' },
  symbolic: 'variable',
  // keras.Input puts the batch dimension in front: the Python front end rewrites that spelling itself.
  spellings: { python: [{ names: ['tensorflow.placeholder'], params: '-dtype, @shape?' }] },
});
