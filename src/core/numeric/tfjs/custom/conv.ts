import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import type { Window } from '../../conv-params';
import type { Tf } from '../tf';

/**
 * conv2d (NHWC input, HWIO filters) with explicit padding and a gradient the wasm backend
 * can run: it has Conv2DBackpropInput but no Conv2DBackpropFilter, so the filter gradient
 * is itself a convolution: of the (padded) input, batch and channels swapped, with the
 * upstream gradient as the filter, dilated by the stride.
 */
export function conv2dNhwc(tf: Tf, x: Tensor, f: Tensor, win: Window): Tensor {
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [win.padTop, win.padBottom],
    [win.padLeft, win.padRight],
    [0, 0],
  ];
  const strides: [number, number] = [win.sh, win.sw];
  const op = tf.customGrad((xx, ff, save) => {
    const X = xx as Tensor4D;
    const F = ff as Tensor4D;
    (save as (ts: Tensor[]) => void)([X, F]);
    return {
      value: tf.conv2d(X, F, strides, pad),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [xs, fs] = saved as Tensor4D[];
        const g = dy as Tensor4D;
        const dx = tf.conv2dTranspose(g, fs, xs.shape, strides, pad);
        const xp = tf.pad(xs, pad);
        // (C, Hp, Wp, N) ⋆ (OH, OW, N, CO), dilated by the stride → (C, ≥KH, ≥KW, CO).
        const full = tf.conv2d(tf.transpose(xp, [3, 1, 2, 0]) as Tensor4D, tf.transpose(g, [1, 2, 0, 3]) as Tensor4D, 1, 'valid', 'NHWC', [win.sh, win.sw]);
        const df = tf.transpose(tf.slice(full, [0, 0, 0, 0], [-1, win.kh, win.kw, -1]), [1, 2, 0, 3]);
        return [dx, df];
      },
    };
  });
  return op(x, f);
}
